package dev.awm.runtime;

import dev.awm.runtime.internal.SandboxTick;
import java.util.List;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.commons.compiler.Location;
import org.codehaus.janino.IClass;
import org.codehaus.janino.Java;
import org.codehaus.janino.util.DeepCopier;

/**
 * Copies a parsed compilation unit, inserting a {@link SandboxTick#check()} call at the start of
 * every method, constructor and initializer body, every loop iteration, and every {@code catch} and
 * {@code finally} block. That makes every path that can run for long, and every place that could
 * swallow the cancellation, check it first. The call is bound to the class directly (not by name),
 * so generated code can neither shadow nor name it.
 */
final class TickInserter extends DeepCopier {
  private final IClass tick;

  TickInserter(IClass tick) {
    this.tick = tick;
  }

  private Java.BlockStatement tick(Location loc) throws CompileException {
    return new Java.ExpressionStatement(new Java.MethodInvocation(loc, new Java.SimpleType(loc, tick), "check", new Java.Rvalue[0]));
  }

  private Java.Block ticked(Location loc, Java.BlockStatement body) throws CompileException {
    Java.Block block = new Java.Block(loc);
    block.addStatement(tick(loc));
    block.addStatement(body);
    return block;
  }

  private List<Java.BlockStatement> ticked(Location loc, List<Java.BlockStatement> statements) throws CompileException {
    if (statements != null) statements.add(0, tick(loc));
    return statements;
  }

  @Override
  public Java.BlockStatement copyWhileStatement(Java.WhileStatement s) throws CompileException {
    return new Java.WhileStatement(s.getLocation(), copyRvalue(s.condition), ticked(s.getLocation(), copyBlockStatement(s.body)));
  }

  @Override
  public Java.BlockStatement copyDoStatement(Java.DoStatement s) throws CompileException {
    return new Java.DoStatement(s.getLocation(), ticked(s.getLocation(), copyBlockStatement(s.body)), copyRvalue(s.condition));
  }

  @Override
  public Java.BlockStatement copyForStatement(Java.ForStatement s) throws CompileException {
    return new Java.ForStatement(s.getLocation(), copyOptionalBlockStatement(s.init), copyOptionalRvalue(s.condition),
        copyOptionalRvalues(s.update), ticked(s.getLocation(), copyBlockStatement(s.body)));
  }

  @Override
  public Java.BlockStatement copyForEachStatement(Java.ForEachStatement s) throws CompileException {
    return new Java.ForEachStatement(s.getLocation(), copyFormalParameter(s.currentElement), copyRvalue(s.expression),
        ticked(s.getLocation(), copyBlockStatement(s.body)));
  }

  @Override
  public Java.CatchClause copyCatchClause(Java.CatchClause s) throws CompileException {
    return new Java.CatchClause(s.getLocation(), copyCatchParameter(s.catchParameter), ticked(s.getLocation(), copyBlockStatement(s.body)));
  }

  @Override
  public Java.BlockStatement copyTryStatement(Java.TryStatement s) throws CompileException {
    Java.Block finallyBlock = copyOptionalBlock(s.finallY);
    if (finallyBlock != null) {
      finallyBlock.statements.add(0, tick(finallyBlock.getLocation()));
      finallyBlock.statements.get(0).setEnclosingScope(finallyBlock);
    }
    return new Java.TryStatement(s.getLocation(), copyResources(s.resources), copyBlockStatement(s.body),
        copyCatchClauses(s.catchClauses), finallyBlock);
  }

  @Override
  public Java.MethodDeclarator copyMethodDeclarator(Java.MethodDeclarator s) throws CompileException {
    return new Java.MethodDeclarator(s.getLocation(), s.getDocComment(), copyModifiers(s.getModifiers()),
        copyOptionalTypeParameters(s.typeParameters), copyType(s.type), s.name, copyFormalParameters(s.formalParameters),
        copyTypes(s.thrownExceptions), copyOptionalElementValue(s.defaultValue),
        ticked(s.getLocation(), copyOptionalStatements(s.statements)));
  }

  @Override
  public Java.ConstructorDeclarator copyConstructorDeclarator(Java.ConstructorDeclarator s) throws CompileException {
    return new Java.ConstructorDeclarator(s.getLocation(), s.getDocComment(), copyModifiers(s.getModifiers()),
        copyFormalParameters(s.formalParameters), copyTypes(s.thrownExceptions),
        copyOptionalConstructorInvocation(s.constructorInvocation), ticked(s.getLocation(), copyBlockStatements(s.statements)));
  }

  @Override
  public Java.Initializer copyInitializer(Java.Initializer s) throws CompileException {
    Java.Block block = copyBlock(s.block);
    block.statements.add(0, tick(s.getLocation()));
    block.statements.get(0).setEnclosingScope(block);
    return new Java.Initializer(s.getLocation(), copyModifiers(s.getModifiers()), block);
  }
}
