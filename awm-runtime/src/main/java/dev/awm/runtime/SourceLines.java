package dev.awm.runtime;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The source lines the sandbox's bytecode check names in its messages, read from the line number
 * tables Janino writes (ASM keeps them as {@link LineNumberNode}s): a method's first line, the line
 * of each instruction or label of its code (that of the latest line entry at or before it), a
 * class's first line, and where a static initializer assigns a static field.
 */
final class SourceLines {
  private final InsnList code;
  private final int[] lines;
  private final int first;

  /**
   * The lines of {@code m}'s code. Code before the first line entry is on the method's first line;
   * a method without any line entry is on line {@code fallback} (the class's first line, or 0).
   */
  SourceLines(MethodNode m, int fallback) {
    code = m.instructions;
    int firstLine = firstLine(m);
    first = firstLine == 0 ? fallback : firstLine;
    int[] entries = new int[code.size()];
    for (AbstractInsnNode n : code) {
      if (n instanceof LineNumberNode entry) {
        int at = code.indexOf(entry.start);
        if (entries[at] == 0) entries[at] = entry.line; // of two entries at one offset, the first counts
      }
    }
    lines = new int[code.size()];
    int current = 0;
    for (int i = 0; i < lines.length; i++) {
      if (entries[i] != 0) current = entries[i];
      lines[i] = current == 0 ? first : current;
    }
  }

  /** The method's first line (the smallest in its line number table), else the fallback. */
  int first() {
    return first;
  }

  /** The line of an instruction or label (a local variable's start, a handler) of this method's code. */
  int at(AbstractInsnNode node) {
    return lines[code.indexOf(node)];
  }

  /** The smallest line of {@code m}'s line number table, or 0 when it has none. */
  static int firstLine(MethodNode m) {
    int min = 0;
    for (AbstractInsnNode n : m.instructions) {
      if (n instanceof LineNumberNode entry && entry.line > 0 && (min == 0 || entry.line < min)) min = entry.line;
    }
    return min;
  }

  /** The first line of any method of {@code c} (where its declaration starts, near enough), or 0. */
  static int classLine(ClassNode c) {
    int min = 0;
    for (MethodNode m : c.methods) {
      int line = firstLine(m);
      if (line > 0 && (min == 0 || line < min)) min = line;
    }
    return min;
  }

  /** The line where the static initializer of {@code c} assigns its static field {@code field}, or 0. */
  static int staticFieldLine(ClassNode c, String field) {
    for (MethodNode m : c.methods) {
      if (!m.name.equals("<clinit>")) continue;
      SourceLines lines = new SourceLines(m, 0);
      for (AbstractInsnNode n : m.instructions) {
        if (n.getOpcode() == Opcodes.PUTSTATIC && n instanceof FieldInsnNode f && f.owner.equals(c.name) && f.name.equals(field)) {
          return lines.at(n);
        }
      }
    }
    return 0;
  }
}
