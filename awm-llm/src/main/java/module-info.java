/**
 * The model client (OpenAI, Azure, vLLM over OkHttp), the scripted model and the recording cache,
 * the LLM judge, the synthesis pipeline ({@code dev.awm.pipeline}), the port of Python environments
 * and the agent ({@code dev.awm.agent}).
 */
module dev.awm.llm {
  requires transitive dev.awm.verify;
  requires transitive tools.jackson.databind;
  requires okhttp3;
  requires org.slf4j;
  requires java.net.http;
  requires java.compiler;

  exports dev.awm.llm;
  exports dev.awm.agent;
  exports dev.awm.pipeline;

  opens dev.awm.llm to tools.jackson.databind;
  opens dev.awm.agent to tools.jackson.databind;
  opens dev.awm.pipeline to tools.jackson.databind;
}
