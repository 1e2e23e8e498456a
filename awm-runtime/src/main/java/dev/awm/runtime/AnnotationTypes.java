package dev.awm.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.RecordComponentNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * The types a class's annotations name, for {@link BytecodeCheck}: the annotations' own types and,
 * in their values (nested annotations and arrays included), the types of enum constants and class
 * values. Annotations on the class, its fields, record components, methods, parameters, local
 * variables, instructions and exception handlers (declarations and type uses) are covered, and
 * annotation defaults.
 */
final class AnnotationTypes {
  private AnnotationTypes() {}

  /** Hands every type the annotations of {@code c} name to {@code types}, as a descriptor ({@code Ljava/lang/Deprecated;}). */
  static void forEach(ClassNode c, Consumer<String> types) {
    List<AnnotationNode> all = new ArrayList<>();
    collect(all, c.visibleAnnotations, c.invisibleAnnotations, c.visibleTypeAnnotations, c.invisibleTypeAnnotations);
    for (FieldNode f : c.fields) {
      collect(all, f.visibleAnnotations, f.invisibleAnnotations, f.visibleTypeAnnotations, f.invisibleTypeAnnotations);
    }
    if (c.recordComponents != null) {
      for (RecordComponentNode r : c.recordComponents) {
        collect(all, r.visibleAnnotations, r.invisibleAnnotations, r.visibleTypeAnnotations, r.invisibleTypeAnnotations);
      }
    }
    for (MethodNode m : c.methods) {
      collect(all, m.visibleAnnotations, m.invisibleAnnotations, m.visibleTypeAnnotations, m.invisibleTypeAnnotations,
          m.visibleLocalVariableAnnotations, m.invisibleLocalVariableAnnotations);
      parameters(all, m.visibleParameterAnnotations);
      parameters(all, m.invisibleParameterAnnotations);
      for (AbstractInsnNode n : m.instructions) collect(all, n.visibleTypeAnnotations, n.invisibleTypeAnnotations);
      for (TryCatchBlockNode t : m.tryCatchBlocks) collect(all, t.visibleTypeAnnotations, t.invisibleTypeAnnotations);
      if (m.annotationDefault != null) value(m.annotationDefault, types);
    }
    for (AnnotationNode a : all) annotation(a, types);
  }

  /** Adds the annotations of every list that is there (ASM leaves a list null when there are none). */
  @SafeVarargs
  private static void collect(List<AnnotationNode> all, List<? extends AnnotationNode>... lists) {
    for (List<? extends AnnotationNode> list : lists) if (list != null) all.addAll(list);
  }

  private static void parameters(List<AnnotationNode> all, List<AnnotationNode>[] byParameter) {
    if (byParameter != null) for (List<AnnotationNode> list : byParameter) collect(all, list);
  }

  private static void annotation(AnnotationNode a, Consumer<String> types) {
    types.accept(a.desc);
    if (a.values == null) return;
    for (int i = 1; i < a.values.size(); i += 2) value(a.values.get(i), types); // name, value, name, value...
  }

  /** An element value: a class, an enum constant ({descriptor, name}), an annotation, an array, or a constant. */
  private static void value(Object v, Consumer<String> types) {
    if (v instanceof Type t) {
      types.accept(t.getDescriptor());
    } else if (v instanceof String[] enumConstant) {
      types.accept(enumConstant[0]);
    } else if (v instanceof AnnotationNode a) {
      annotation(a, types);
    } else if (v instanceof List<?> array) {
      for (Object element : array) value(element, types);
    }
  }
}
