package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.runtime.Environment;
import dev.awm.runtime.ToolResult;
import dev.awm.verify.RewardOutcome;
import dev.awm.verify.RewardStatus;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/** awm-java's module descriptors, used from a named module on the module path. */
class ModularConsumerTest {
  @Test
  void runsOnTheModulePathAsNamedModules() {
    assertEquals("dev.awm.runtime", Environment.class.getModule().getName());
    assertEquals("dev.awm.core", EnvironmentDefinition.class.getModule().getName());
    assertEquals("consumer", Episodes.class.getModule().getName());
  }

  @Test
  void generatedToolsAndVerifiersCompileAndRunInsideTheModules() {
    ToolResult r = Episodes.starterCall();
    assertFalse(r.isError(), r.toString());
    assertTrue(r.content().contains("Aurora X2 Wireless Headphones"), r.content());
    RewardOutcome untouched = Episodes.starterReward();
    assertEquals(RewardStatus.INCOMPLETE, untouched.status(), untouched.toString());
    RewardOutcome built = Episodes.builtReward();
    assertEquals(RewardStatus.COMPLETE, built.status(), built.toString());
  }

  @Test
  void onlyTheApiIsExported() {
    Module core = EnvironmentDefinition.class.getModule();
    Module runtime = Environment.class.getModule();
    Module me = Episodes.class.getModule();
    assertTrue(core.isExported("dev.awm.core", me));
    assertFalse(core.isExported("dev.awm.core.internal", me));
    assertTrue(core.isExported("dev.awm.core.internal", RewardOutcome.class.getModule()), "shared with awm-verify");
    assertTrue(runtime.isExported("dev.awm.runtime.api", me));
    assertTrue(runtime.isExported("dev.awm.verify.api", me));
    assertFalse(runtime.isExported("dev.awm.runtime.internal", me));
    Module llm = dev.awm.llm.ChatModel.class.getModule();
    assertEquals("dev.awm.llm", llm.getName());
    assertTrue(llm.isExported("dev.awm.pipeline", me));
    assertFalse(llm.isExported("dev.awm.llm.internal", me));
    assertEquals("{\"tasks\":[]}", Episodes.scriptedAnswer());
  }

  @Test
  void aModuleThatImportsAnInternalPackageDoesNotCompile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path src = Files.createDirectories(dir.resolve("src/attacker/attacker"));
    Files.writeString(dir.resolve("src/attacker/module-info.java"), "module attacker { requires dev.awm.runtime; }");
    Files.writeString(src.resolve("Peek.java"), "package attacker;\npublic class Peek { Object m = dev.awm.core.internal.JsonValues.MAPPER; }");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter out = new StringWriter();
    boolean ok = javac.getTask(out, null, null, List.of("-d", dir.resolve("out").toString(), "--module-path",
        System.getProperty("jdk.module.path"), "--module-source-path", dir.resolve("src").toString(), "--module", "attacker"),
        null, null).call();
    assertFalse(ok, out.toString());
    assertTrue(out.toString().contains("package dev.awm.core.internal is declared in module dev.awm.core, which does not export it"),
        out.toString());
  }
}
