package dev.awm.runtime;

import java.util.function.Consumer;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.RecordComponentVisitor;
import org.objectweb.asm.Type;
import org.objectweb.asm.TypePath;

/**
 * Hands every type a class's annotations name to a consumer, as a descriptor: the annotations'
 * own types and, in their values (nested annotations and arrays included), the types of enum
 * constants and class values. Covers annotations on the class, fields, methods, parameters, record
 * components, type uses, instructions, exception handlers and local variables, and annotation
 * defaults. Used by {@link BytecodeCheck}, replaying a class it read ({@code classNode.accept(...)}).
 */
final class AnnotationTypes extends ClassVisitor {
  private final Consumer<String> types;
  private final AnnotationVisitor values;

  AnnotationTypes(Consumer<String> types) {
    super(Opcodes.ASM9);
    this.types = types;
    this.values = new AnnotationVisitor(Opcodes.ASM9) {
      @Override
      public void visit(String name, Object value) {
        if (value instanceof Type t) types.accept(t.getDescriptor());
      }

      @Override
      public void visitEnum(String name, String descriptor, String value) {
        types.accept(descriptor);
      }

      @Override
      public AnnotationVisitor visitAnnotation(String name, String descriptor) {
        return annotation(descriptor);
      }

      @Override
      public AnnotationVisitor visitArray(String name) {
        return this;
      }
    };
  }

  private AnnotationVisitor annotation(String descriptor) {
    types.accept(descriptor);
    return values;
  }

  @Override
  public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
    return annotation(descriptor);
  }

  @Override
  public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
    return annotation(descriptor);
  }

  @Override
  public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
    return new FieldVisitor(api) {
      @Override
      public AnnotationVisitor visitAnnotation(String d, boolean visible) {
        return annotation(d);
      }

      @Override
      public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String d, boolean visible) {
        return annotation(d);
      }
    };
  }

  @Override
  public RecordComponentVisitor visitRecordComponent(String name, String descriptor, String signature) {
    return new RecordComponentVisitor(api) {
      @Override
      public AnnotationVisitor visitAnnotation(String d, boolean visible) {
        return annotation(d);
      }

      @Override
      public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String d, boolean visible) {
        return annotation(d);
      }
    };
  }

  @Override
  public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
    return new MethodVisitor(api) {
      @Override
      public AnnotationVisitor visitAnnotationDefault() {
        return values;
      }

      @Override
      public AnnotationVisitor visitAnnotation(String d, boolean visible) {
        return annotation(d);
      }

      @Override
      public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String d, boolean visible) {
        return annotation(d);
      }

      @Override
      public AnnotationVisitor visitParameterAnnotation(int parameter, String d, boolean visible) {
        return annotation(d);
      }

      @Override
      public AnnotationVisitor visitInsnAnnotation(int typeRef, TypePath typePath, String d, boolean visible) {
        return annotation(d);
      }

      @Override
      public AnnotationVisitor visitTryCatchAnnotation(int typeRef, TypePath typePath, String d, boolean visible) {
        return annotation(d);
      }

      @Override
      public AnnotationVisitor visitLocalVariableAnnotation(int typeRef, TypePath typePath, Label[] start, Label[] end,
          int[] index, String d, boolean visible) {
        return annotation(d);
      }
    };
  }
}
