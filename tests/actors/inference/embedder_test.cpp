// The `embedder` agent through the broker: texts in, the reference
// sentence-transformers embeddings out (tokenized on the agent, encoded on
// its worker); requests arriving together share batches; a full queue says
// `overloaded`; a request whose deadline passes while queued is never run;
// a model that cannot be loaded fails the start naming the folder.
#include <gtest/gtest.h>

#include "aip/actors/inference/inference_agent.hpp"
#include "aip/actors/memory/recall.hpp"
#include "aip/schemas/inference_generated.h"
#include "actors/broker/backbone_fixture.hpp"
#include "kernels/minilm_reference.hpp"

namespace aip::test {
namespace {

using namespace aip::inference;
namespace ref = aip_test::minilm;

std::string tree(const std::string& args = "") {
  return R"(
node: {name: n1}
supervisor:
  name: root
  children:
    - name: embed
      type: embedder
      args: {model_dir: )" + ref::model_dir() + args + R"(}
)";
}

void add_embedder(agent_type_registry& t) {
  t.add(embedder_agent_type());
}

const address embed = address::of_capability("embed");

std::vector<float> vectors_of(const call_result& r, size_t* dim = nullptr) {
  EXPECT_TRUE(r.ok()) << (r.error ? to_string(*r.error) : "");
  auto* e = read_payload<Embeddings>(r.reply);
  EXPECT_NE(e, nullptr);
  if (e == nullptr)
    return {};
  if (dim != nullptr)
    *dim = e->dim();
  return {e->vectors()->begin(), e->vectors()->end()};
}

InferenceStatsT stats_of(backbone_node& node) {
  auto r = node.call(embed, make_payload<InferenceStatsRequest>(
                              [](flatbuffers::FlatBufferBuilder& b) {
                                return CreateInferenceStatsRequest(b);
                              }));
  EXPECT_TRUE(r.ok());
  InferenceStatsT s;
  if (auto* p = read_payload<InferenceStats>(r.reply))
    p->UnPackTo(&s);
  return s;
}

TEST(Embedder, MatchesTheReferenceEmbeddings) {
  ref::single_blas_thread();
  auto sentences = ref::load_reference();
  backbone_node node{tree(), add_embedder};
  std::vector<std::string> texts;
  for (auto& s : sentences)
    texts.push_back(s.text);
  size_t dim = 0;
  auto all = vectors_of(node.call(embed, make_embed_request(texts)), &dim);
  ASSERT_EQ(dim, 384u);
  ASSERT_EQ(all.size(), texts.size() * dim);
  ref::expect_matches(sentences, 0, all, dim, 0.9999, "one request");
  // One text per request gives the same rows.
  for (size_t i = 0; i < 3; ++i) {
    auto one = vectors_of(node.call(embed, make_embed_request({texts[i]})));
    ref::expect_matches(sentences, i, one, dim, 0.9999, "single");
  }
}

TEST(Embedder, ConcurrentRequestsShareBatches) {
  ref::single_blas_thread();
  auto sentences = ref::load_reference();
  backbone_node node{tree(", max_delay: 20ms, max_batch: 64"), add_embedder};
  std::vector<envelope> reqs;
  for (size_t i = 0; i < 40; ++i)
    reqs.push_back(node.make(embed, make_embed_request(
                                      {sentences[i % sentences.size()].text})));
  auto answers = node.call_all(reqs, std::chrono::seconds{30});
  for (size_t i = 0; i < answers.size(); ++i)
    ref::expect_matches(sentences, i % sentences.size(), vectors_of(answers[i]),
                        384, 0.9999, "concurrent");
  auto s = stats_of(node);
  std::printf("40 requests in %llu batches\n",
              static_cast<unsigned long long>(s.batches));
  EXPECT_EQ(s.batched_requests, 40u);
  EXPECT_LE(s.batches, 10u);
  EXPECT_NE(s.model.find("minilm cpu fp32"), std::string::npos);
}

TEST(Embedder, FullQueueIsOverloaded) {
  backbone_node node{tree(", max_delay: 300ms, max_queue: 2"), add_embedder};
  std::vector<envelope> reqs;
  for (int i = 0; i < 8; ++i)
    reqs.push_back(node.make(embed, make_embed_request({"hello"})));
  int ok = 0, overloaded = 0;
  for (auto& a : node.call_all(reqs)) {
    if (a.ok())
      ++ok;
    else if (a.error->code == request_errc::overloaded) {
      ++overloaded;
      EXPECT_NE(a.error->what.find("queue full (2 requests waiting); retry after"),
                std::string::npos)
        << a.error->what;
    }
  }
  EXPECT_EQ(ok, 2);
  EXPECT_EQ(overloaded, 6);
  EXPECT_EQ(stats_of(node).overloaded, 6u);
}

TEST(Embedder, ExpiredRequestsAreNeverComputed) {
  backbone_node node{tree(", max_delay: 400ms"), add_embedder};
  stats_of(node); // the model is loaded: the request below reaches the queue
  auto r = node.call(embed, make_embed_request({"too late"}), {},
                     std::chrono::milliseconds{50});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, request_errc::timeout);
  // Let the batch delay pass: the request is dropped, not run.
  std::this_thread::sleep_for(std::chrono::milliseconds{600});
  auto s = stats_of(node);
  EXPECT_EQ(s.expired, 1u) << "requests " << s.requests << " batches " << s.batches;
  EXPECT_EQ(s.batches, 0u);
}

TEST(Embedder, EmptyInputIsRejected) {
  backbone_node node{tree(), add_embedder};
  auto r = node.call(embed, make_embed_request({}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, request_errc::invalid_input);
  EXPECT_NE(r.error->what.find("root/embed: EmbedRequest"), std::string::npos);
  EXPECT_NE(r.error->what.find(": no texts"), std::string::npos);
}

TEST(Embedder, AMissingModelFailsTheStartNamingTheFile) {
  const std::string yaml = R"(
node: {name: n1}
supervisor:
  name: root
  children:
    - {name: embed, type: embedder, args: {model_dir: /nonexistent/minilm}}
)";
  backbone_node node{yaml, add_embedder};
  bool reported = node.events().wait_for(
    [](const std::vector<nlohmann::json>& evs) {
      for (auto& e : evs)
        if (e.dump().find("/nonexistent/minilm/") != std::string::npos)
          return true;
      return false;
    },
    5000);
  EXPECT_TRUE(reported);
}

} // namespace
} // namespace aip::test
