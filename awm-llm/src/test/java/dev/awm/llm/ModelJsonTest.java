package dev.awm.llm;

import dev.awm.llm.internal.ModelJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelJsonTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "{\"tasks\": [\"a\", \"b\"]}",
      "```json\n{\"tasks\": [\"a\", \"b\"]}\n```",
      "Here are the tasks you asked for:\n```\n{\"tasks\": [\"a\", \"b\"]}\n```\nLet me know if you need more.",
      "Sure! {\"tasks\": [\"a\", \"b\",],} Hope that helps.",
      "{'tasks': ['a', 'b']}",
      "{tasks: [\"a\", \"b\"] // two tasks\n}",
      "{\"tasks\": [\"a\", \"b\"], \"note\": \"a brace } inside a string { is fine\"}",
  })
  void readsWhatModelsReallySend(String reply) {
    assertThat(ModelJson.object(ChatResponse.text(reply)).path("tasks").toString()).isEqualTo("[\"a\",\"b\"]");
  }

  @org.junit.jupiter.api.Test
  void rawNewlinesInStringsAreAccepted() {
    String code = "{\"full_code\": \"public class A {\n  int x;\n}\"}";
    assertThat(ModelJson.object(ChatResponse.text(code)).path("full_code").asString()).contains("\n  int x;");
  }

  @org.junit.jupiter.api.Test
  void failsClearlyOnWhatCannotBeRead() {
    ChatResponse cut = new ChatResponse("{\"tables\": [{\"name\": \"users\", \"ddl\": \"CREATE TA", List.of(), "length", Usage.NONE, "");
    assertThatThrownBy(() -> ModelJson.object(cut)).isInstanceOf(LlmException.class).hasMessageContaining("cut off at the token limit");
    assertThatThrownBy(() -> ModelJson.parse("{\"tables\": [1, 2")).hasMessageContaining("not complete");
    assertThatThrownBy(() -> ModelJson.parse("I cannot help with that.")).hasMessageContaining("no JSON object or array in the reply");
    assertThatThrownBy(() -> ModelJson.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> ModelJson.parse("{\"a\": tru}")).hasMessageContaining("cannot read the reply's JSON");
    assertThatThrownBy(() -> ModelJson.object(ChatResponse.text("[1, 2]"))).hasMessageContaining("expected a JSON object");
  }
}
