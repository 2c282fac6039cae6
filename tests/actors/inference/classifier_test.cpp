// The `classifier` agent through the broker: rows of features in, the MLP's
// class probabilities and labels out (batched with other requests), a wrong
// width rejected naming the model's, a missing model failing the start.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "aip/actors/inference/inference_agent.hpp"
#include "aip/schemas/inference_generated.h"
#include "actors/broker/backbone_fixture.hpp"
#include "support/safetensors_writer.hpp"

namespace aip::test {
namespace {

using namespace aip::inference;

// y = softmax(relu(x W1^T) W2^T) with W1 = I and W2 swapping the two
// classes: P(class 1) grows with x0.
std::string write_model() {
  auto dir = std::filesystem::temp_directory_path() / "aip-classifier-test";
  std::filesystem::create_directories(dir);
  auto path = (dir / "head.safetensors").string();
  aip_test::safetensors_writer w;
  w.add_f32("fc1.weight", {2, 2}, {1, 0, 0, 1});
  w.add_f32("fc2.weight", {2, 2}, {0, 1, 1, 0});
  w.metadata("aip.layers",
             R"({"layers": [{"weight": "fc1.weight", "activation": "relu"},)"
             R"( {"weight": "fc2.weight"}], "labels": ["cold", "hot"]})");
  aip_test::safetensors_writer::write_file(path, w.bytes());
  return path;
}

std::string tree(const std::string& model) {
  return R"(
node: {name: n1}
supervisor:
  name: root
  children:
    - {name: cls, type: classifier, args: {model: )" + model + R"(}}
)";
}

payload classify(const std::vector<float>& x, uint32_t rows) {
  return make_payload<ClassifyRequest>([&](flatbuffers::FlatBufferBuilder& b) {
    return CreateClassifyRequest(b, b.CreateVector(x), rows);
  });
}

void add_classifier(agent_type_registry& t) {
  t.add(classifier_agent_type());
}

TEST(Classifier, AnswersProbabilitiesAndLabels) {
  backbone_node node{tree(write_model()), add_classifier};
  const auto to = address::of_capability("classify");
  std::vector<envelope> reqs{node.make(to, classify({3, 0, 0, 2}, 2)),
                             node.make(to, classify({1, 1}, 1))};
  auto answers = node.call_all(reqs);
  ASSERT_TRUE(answers[0].ok()) << to_string(*answers[0].error);
  auto* c = read_payload<Classes>(answers[0].reply);
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(c->labels()->size(), 2u);
  EXPECT_EQ(c->labels()->Get(1)->str(), "hot");
  ASSERT_EQ(c->probs()->size(), 4u);
  const double e3 = 1 / (1 + std::exp(-3.0));
  EXPECT_NEAR(c->probs()->Get(0), 1 - e3, 1e-6); // row (3, 0): hot wins
  EXPECT_NEAR(c->probs()->Get(1), e3, 1e-6);
  EXPECT_NEAR(c->probs()->Get(2), 1 / (1 + std::exp(-2.0)), 1e-6);
  ASSERT_TRUE(answers[1].ok());
  auto* even = read_payload<Classes>(answers[1].reply);
  ASSERT_EQ(even->probs()->size(), 2u);
  EXPECT_NEAR(even->probs()->Get(0), 0.5, 1e-6);
}

TEST(Classifier, WrongWidthIsInvalidInput) {
  backbone_node node{tree(write_model()), add_classifier};
  auto r = node.call(address::of_path("root/cls"), classify({1, 2, 3}, 1));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, request_errc::invalid_input);
  EXPECT_NE(r.error->what.find("3 inputs for 1 rows; the model takes 2 per row"),
            std::string::npos)
    << r.error->what;
}

TEST(Classifier, AMissingModelFailsTheStart) {
  backbone_node node{tree("/nonexistent/head.safetensors"), add_classifier};
  EXPECT_TRUE(node.events().wait_for(
    [](const std::vector<nlohmann::json>& evs) {
      for (auto& e : evs)
        if (e.dump().find("/nonexistent/head.safetensors: cannot open")
            != std::string::npos)
          return true;
      return false;
    },
    5000));
}

} // namespace
} // namespace aip::test
