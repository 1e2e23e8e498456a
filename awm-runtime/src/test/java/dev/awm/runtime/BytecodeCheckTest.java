package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ACC_STATIC;
import static org.objectweb.asm.Opcodes.ACONST_NULL;
import static org.objectweb.asm.Opcodes.ARETURN;
import static org.objectweb.asm.Opcodes.CHECKCAST;
import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.H_INVOKESTATIC;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;
import static org.objectweb.asm.Opcodes.MONITOREXIT;
import static org.objectweb.asm.Opcodes.NEW;
import static org.objectweb.asm.Opcodes.NOP;
import static org.objectweb.asm.Opcodes.POP;
import static org.objectweb.asm.Opcodes.V11;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;
import org.objectweb.asm.TypeReference;

/**
 * The bytecode check on class files made by hand with ASM's writer: what Janino never emits for
 * code that passed name resolution, but a class file can hold (types named only in a catch clause,
 * a throws clause or an annotation, method handle and dynamic constants, foreign nestmates), and
 * class files ASM cannot read. Each is refused with a {@link BytecodeCheck.Violation}.
 */
class BytecodeCheckTest {
  private static final int LINE = 7;

  /** Class {@code name} with whatever {@code members} writes. */
  private static byte[] classFile(String name, Consumer<ClassWriter> members) {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(V11, ACC_PUBLIC, name, null, "java/lang/Object", null);
    members.accept(cw);
    cw.visitEnd();
    return cw.toByteArray();
  }

  /** Class {@code Attack} with one static method {@code run} that starts on line {@value #LINE}, runs {@code code}, returns null. */
  private static byte[] attack(Consumer<MethodVisitor> code, String... exceptions) {
    return classFile("Attack", cw -> method(cw, exceptions, code));
  }

  private static MethodVisitor method(ClassWriter cw, String[] exceptions, Consumer<MethodVisitor> code) {
    MethodVisitor mv = cw.visitMethod(ACC_PUBLIC | ACC_STATIC, "run", "()Ljava/lang/Object;", null, exceptions);
    mv.visitCode();
    Label start = new Label();
    mv.visitLabel(start);
    mv.visitLineNumber(LINE, start);
    code.accept(mv);
    mv.visitInsn(ACONST_NULL);
    mv.visitInsn(ARETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    return mv;
  }

  private static void check(Map<String, byte[]> classes) {
    BytecodeCheck.check(CodePolicy.defaults(), classes);
  }

  private static BytecodeCheck.Violation refusal(String name, byte[] bytes) {
    Throwable t = catchThrowable(() -> check(Map.of(name, bytes)));
    assertThat(t).isInstanceOf(BytecodeCheck.Violation.class);
    return (BytecodeCheck.Violation) t;
  }

  private static BytecodeCheck.Violation refusal(byte[] attack) {
    return refusal("Attack", attack);
  }

  @Test
  void aClassThatUsesOnlyAllowedMembersPasses() {
    byte[] ok = attack(mv -> {
      mv.visitLdcInsn("x");
      mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
      mv.visitInsn(POP);
    });
    assertThatCode(() -> check(Map.of("Attack", ok))).doesNotThrowAnyException();
  }

  @Test
  void aTypeNamedOnlyInACatchClauseIsRefusedAtTheHandlersLine() {
    BytecodeCheck.Violation v = refusal(attack(mv -> {
      Label start = new Label();
      Label end = new Label();
      Label handler = new Label();
      Label after = new Label();
      mv.visitTryCatchBlock(start, end, handler, "java/io/IOException");
      mv.visitLabel(start);
      mv.visitInsn(NOP);
      mv.visitLabel(end);
      mv.visitJumpInsn(GOTO, after);
      mv.visitLabel(handler);
      mv.visitLineNumber(LINE + 2, handler);
      mv.visitInsn(POP);
      mv.visitLabel(after);
    }));
    assertThat(v).hasMessageContaining("java.io.IOException is not allowed");
    assertThat(v.line).isEqualTo(LINE + 2);
  }

  @Test
  void aTypeNamedOnlyInAThrowsClauseIsRefused() {
    BytecodeCheck.Violation v = refusal(attack(mv -> { }, "java/io/IOException"));
    assertThat(v).hasMessageContaining("java.io.IOException is not allowed");
    assertThat(v.line).isEqualTo(LINE);
  }

  @Test
  void methodHandleMethodTypeAndDynamicConstantsAreRefused() {
    Handle handle = new Handle(H_INVOKESTATIC, "java/lang/Math", "abs", "(I)I", false);
    for (Object constant : List.of(handle, Type.getMethodType("()V"),
        new ConstantDynamic("x", "Ljava/lang/Object;", handle))) {
      BytecodeCheck.Violation v = refusal(attack(mv -> {
        mv.visitLdcInsn(constant);
        mv.visitInsn(POP);
      }));
      assertThat(v).as(constant.toString()).hasMessageContaining("method handles, method types and dynamic constants are not allowed");
      assertThat(v.line).isEqualTo(LINE);
    }
  }

  @Test
  void invokedynamicAndClassLiteralsOfOtherClassesAreRefused() {
    Handle bootstrap = new Handle(H_INVOKESTATIC, "java/lang/invoke/LambdaMetafactory", "metafactory", "()V", false);
    assertThat(refusal(attack(mv -> mv.visitInvokeDynamicInsn("run", "()Ljava/lang/Runnable;", bootstrap))))
        .hasMessageContaining("invokedynamic is not allowed");
    assertThat(refusal(attack(mv -> {
      mv.visitLdcInsn(Type.getType("Ljava/lang/Runtime;"));
      mv.visitInsn(POP);
    }))).hasMessageContaining("java.lang.Runtime.class (a class literal) is not allowed");
  }

  @Test
  void aMonitorExitWithoutEnterIsRefused() {
    assertThat(refusal(attack(mv -> {
      mv.visitInsn(ACONST_NULL);
      mv.visitInsn(MONITOREXIT);
    }))).hasMessageContaining("synchronized blocks are not allowed");
  }

  @Test
  void annotationsNameOnlyAllowedTypes() {
    BytecodeCheck.Violation type = refusal(classFile("Attack", cw -> {
      cw.visitAnnotation("Ljava/lang/annotation/Documented;", true).visitEnd();
      method(cw, null, mv -> { });
    }));
    assertThat(type).hasMessageContaining("java.lang.annotation.Documented is not allowed");
    assertThat(type.line).isEqualTo(LINE);

    BytecodeCheck.Violation classValue = refusal(classFile("Attack", cw -> {
      AnnotationVisitor av = cw.visitAnnotation("Ljava/lang/Deprecated;", true);
      AnnotationVisitor values = av.visitArray("values");
      values.visit(null, Type.getType("Ljava/lang/Runtime;"));
      values.visitEnd();
      av.visitEnd();
    }));
    assertThat(classValue).hasMessageContaining("java.lang.Runtime is not allowed");

    BytecodeCheck.Violation enumValue = refusal(classFile("Attack", cw -> {
      AnnotationVisitor av = cw.visitField(ACC_PUBLIC, "f", "I", null, null).visitAnnotation("Ljava/lang/Deprecated;", false);
      av.visitEnum("state", "Ljava/lang/Thread$State;", "NEW");
      av.visitEnd();
    }));
    assertThat(enumValue).hasMessageContaining("java.lang.Thread$State is not allowed");

    BytecodeCheck.Violation onAnInstruction = refusal(attack(mv -> {
      mv.visitTypeInsn(NEW, "java/lang/Object");
      mv.visitInsnAnnotation(TypeReference.newTypeReference(TypeReference.NEW).getValue(), null,
          "Ljava/lang/annotation/Native;", true).visitEnd();
      mv.visitInsn(POP);
    }));
    assertThat(onAnInstruction).hasMessageContaining("java.lang.annotation.Native is not allowed");
  }

  @Test
  void nestmatesMustBeClassesOfTheUnit() {
    assertThat(refusal(classFile("Attack", cw -> cw.visitNestHost("java/util/ArrayList"))))
        .hasMessageContaining("names java.util.ArrayList as a nestmate");
    byte[] outer = classFile("Attack", cw -> cw.visitNestMember("Attack$Inner"));
    byte[] inner = classFile("Attack$Inner", cw -> cw.visitNestHost("Attack"));
    assertThatCode(() -> check(Map.of("Attack", outer, "Attack$Inner", inner))).doesNotThrowAnyException();
  }

  @Test
  void aClassFileFiledUnderAnotherNameIsRefused() {
    assertThat(refusal("Tools", classFile("java/lang/Tools", cw -> { })))
        .hasMessageContaining("generated class Tools is filed under a name that is not its own (java/lang/Tools)");
  }

  @Test
  void malformedClassFilesAreRefusedNotCrashed() {
    byte[] whole = attack(mv -> { });
    for (int length = 0; length < whole.length; length++) {
      BytecodeCheck.Violation v = refusal(Arrays.copyOf(whole, length));
      assertThat(v).as("the first %d bytes", length).hasMessageStartingWith("generated class Attack is not a well-formed class file");
      assertThat(v.line).isZero();
    }
    assertThat(refusal("not a class file".getBytes(StandardCharsets.US_ASCII)))
        .hasMessageContaining("is not a well-formed class file (it does not start with 0xCAFEBABE)");
    assertThat(refusal(classFile("Attack", cw -> cw.visitField(ACC_PUBLIC, "f", "Ljava/lang/String", null, null))))
        .hasMessageContaining("malformed descriptor Ljava/lang/String");
    assertThat(refusal(attack(mv -> mv.visitTypeInsn(CHECKCAST, "[L")))).hasMessageStartingWith("L is not allowed");
    byte[] futureVersion = whole.clone();
    futureVersion[7] = (byte) 0x7f; // major version 127
    assertThat(refusal(futureVersion)).hasMessageContaining("is not a well-formed class file");
  }
}
