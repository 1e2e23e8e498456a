package dev.awm.runtime;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what the sandbox check needs from one class file (JVMS chapter 4): the constant pool, the
 * class's flags, super class and interfaces, its fields' flags and descriptors, and per method its
 * flags, descriptor, code, exception table, line numbers and local variable types. Nothing else is
 * interpreted.
 */
final class ClassFileReader {
  static final int CLASS = 7, METHOD_HANDLE = 15;
  static final int ACC_ENUM = 0x4000;
  private static final int PUTSTATIC = 0xb3;

  /** One constant pool entry: its tag, its text (UTF-8 entries) and up to two indexes. */
  record Constant(int tag, String utf8, int a, int b) {}

  /** A local variable's type, from {@code start} (a code offset) on. */
  record LocalVar(int start, String descriptor) {}

  /** One method (or field, with no code). */
  record Member(int access, String name, String descriptor, byte[] code, int[] catchTypes, int[] lines,
      List<LocalVar> locals) {
    /** The source line of code offset {@code pc}, or of the first instruction, or 0. */
    int line(int pc) {
      int best = 0;
      int bestPc = -1;
      for (int i = 0; i + 1 < lines.length; i += 2) {
        if (lines[i] <= pc && lines[i] > bestPc) {
          bestPc = lines[i];
          best = lines[i + 1];
        }
      }
      return best != 0 ? best : firstLine();
    }

    int firstLine() {
      int min = 0;
      for (int i = 1; i < lines.length; i += 2) if (min == 0 || lines[i] < min) min = lines[i];
      return min;
    }
  }

  final Constant[] pool;
  final int access;
  final String name;
  final String superName;
  final List<String> interfaces = new ArrayList<>();
  final List<Member> fields = new ArrayList<>();
  final List<Member> methods = new ArrayList<>();

  ClassFileReader(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != 0xCAFEBABE) throw new IllegalArgumentException("not a class file");
      in.readUnsignedShort();
      in.readUnsignedShort();
      pool = new Constant[in.readUnsignedShort()];
      for (int i = 1; i < pool.length; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> pool[i] = new Constant(tag, in.readUTF(), 0, 0);
          case 3, 4 -> pool[i] = new Constant(tag, null, in.readInt(), 0);
          case 5, 6 -> {
            in.readLong();
            pool[i] = new Constant(tag, null, 0, 0);
            i++;
          }
          case 7, 8, 16, 19, 20 -> pool[i] = new Constant(tag, null, in.readUnsignedShort(), 0);
          case 15 -> pool[i] = new Constant(tag, null, in.readUnsignedByte(), in.readUnsignedShort());
          case 9, 10, 11, 12, 17, 18 -> pool[i] = new Constant(tag, null, in.readUnsignedShort(), in.readUnsignedShort());
          default -> throw new IllegalArgumentException("unknown constant pool tag " + tag);
        }
      }
      access = in.readUnsignedShort();
      name = className(in.readUnsignedShort());
      int sup = in.readUnsignedShort();
      superName = sup == 0 ? null : className(sup);
      for (int n = in.readUnsignedShort(); n > 0; n--) interfaces.add(className(in.readUnsignedShort()));
      for (int n = in.readUnsignedShort(); n > 0; n--) fields.add(member(in));
      for (int n = in.readUnsignedShort(); n > 0; n--) methods.add(member(in));
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated class file", e);
    }
  }

  private Member member(DataInputStream in) throws IOException {
    int access = in.readUnsignedShort();
    String memberName = utf8(in.readUnsignedShort());
    String descriptor = utf8(in.readUnsignedShort());
    byte[] code = null;
    int[] catchTypes = new int[0];
    int[] lines = new int[0];
    List<LocalVar> locals = new ArrayList<>();
    for (int n = in.readUnsignedShort(); n > 0; n--) {
      String attribute = utf8(in.readUnsignedShort());
      int length = in.readInt();
      if (!attribute.equals("Code")) {
        in.skipNBytes(length);
        continue;
      }
      in.readUnsignedShort();
      in.readUnsignedShort();
      code = new byte[in.readInt()];
      in.readFully(code);
      catchTypes = new int[in.readUnsignedShort()];
      for (int i = 0; i < catchTypes.length; i++) {
        in.skipNBytes(6);
        catchTypes[i] = in.readUnsignedShort();
      }
      for (int m = in.readUnsignedShort(); m > 0; m--) {
        String codeAttribute = utf8(in.readUnsignedShort());
        int codeLength = in.readInt();
        if (codeAttribute.equals("LineNumberTable")) {
          lines = new int[in.readUnsignedShort() * 2];
          for (int i = 0; i < lines.length; i++) lines[i] = in.readUnsignedShort();
        } else if (codeAttribute.equals("LocalVariableTable")) {
          for (int k = in.readUnsignedShort(); k > 0; k--) {
            int start = in.readUnsignedShort();
            in.readUnsignedShort(); // length
            in.readUnsignedShort(); // name
            String localDescriptor = utf8(in.readUnsignedShort());
            in.readUnsignedShort(); // slot
            locals.add(new LocalVar(start, localDescriptor));
          }
        } else {
          in.skipNBytes(codeLength);
        }
      }
    }
    return new Member(access, memberName, descriptor, code, catchTypes, lines, locals);
  }

  String utf8(int index) {
    return pool[index].utf8();
  }

  /** The internal name (or array descriptor) of CONSTANT_Class {@code index}. */
  String className(int index) {
    return utf8(pool[index].a());
  }

  /** Owner, name and descriptor of a field or method reference. */
  String[] memberRef(int index) {
    Constant ref = pool[index];
    Constant nameAndType = pool[ref.b()];
    return new String[] {className(ref.a()), utf8(nameAndType.a()), utf8(nameAndType.b())};
  }

  /** The source line where the static initializer assigns this class's static field {@code field}, or 0. */
  int staticFieldLine(String field) {
    for (Member m : methods) {
      byte[] code = m.code();
      if (!m.name().equals("<clinit>") || code == null) continue;
      for (int pc = 0; pc < code.length; pc += instructionLength(code, pc)) {
        if ((code[pc] & 0xFF) != PUTSTATIC) continue;
        String[] ref = memberRef(u2(code, pc + 1));
        if (ref[0].equals(name) && ref[1].equals(field)) return m.line(pc);
      }
    }
    return 0;
  }

  /** The length of the instruction at {@code pc} in {@code code}. */
  static int instructionLength(byte[] code, int pc) {
    int op = code[pc] & 0xFF;
    switch (op) {
      case 0x10, 0x12, 0x15, 0x16, 0x17, 0x18, 0x19, 0x36, 0x37, 0x38, 0x39, 0x3a, 0xa9, 0xbc:
        return 2;
      case 0x11, 0x13, 0x14, 0x84, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xbb, 0xbd, 0xc0, 0xc1, 0xc6, 0xc7:
        return 3;
      case 0xc5:
        return 4;
      case 0xb9, 0xba, 0xc8, 0xc9:
        return 5;
      case 0xc4:
        return (code[pc + 1] & 0xFF) == 0x84 ? 6 : 4;
      case 0xaa: {
        int p = (pc + 4) & ~3;
        int low = readInt(code, p + 4);
        int high = readInt(code, p + 8);
        return p + 12 + 4 * (high - low + 1) - pc;
      }
      case 0xab: {
        int p = (pc + 4) & ~3;
        return p + 8 + 8 * readInt(code, p + 4) - pc;
      }
      default:
        if (op >= 0x99 && op <= 0xa8) return 3;
        if (op > 0xc9) throw new IllegalArgumentException("unknown opcode " + op + " at " + pc);
        return 1;
    }
  }

  static int u2(byte[] code, int p) {
    return ((code[p] & 0xFF) << 8) | (code[p + 1] & 0xFF);
  }

  private static int readInt(byte[] code, int p) {
    return (u2(code, p) << 16) | u2(code, p + 2);
  }
}
