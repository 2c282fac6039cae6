#include "aip/config/internal/yaml_document.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <sstream>
#include <vector>

namespace aip::config_internal {

namespace {

// Records where each document starts and ignores everything else.
class document_marks : public YAML::EventHandler {
public:
  void OnDocumentStart(const YAML::Mark& m) override { starts.push_back(m); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  std::vector<YAML::Mark> starts;
};

void report_syntax(const YAML::Exception& e, error_sink& errors) {
  errors.add(errors.at(e.mark), "YAML syntax error: " + e.msg);
}

} // namespace

std::optional<YAML::Node> parse_document(const std::string& text,
                                         error_sink& errors) {
  document_marks marks;
  try {
    std::istringstream in{text};
    YAML::Parser parser{in};
    // Three documents are enough to tell "one", "more than one" and "stuck";
    // an unbounded loop is what hangs yaml-cpp 0.7 on a stray ','.
    while (marks.starts.size() < 3 && parser.HandleNextDocument(marks)) {
    }
  } catch (const YAML::Exception& e) {
    report_syntax(e, errors);
    return std::nullopt;
  }
  auto& starts = marks.starts;
  for (size_t i = 1; i < starts.size(); ++i)
    if (starts[i].pos == starts[i - 1].pos) {
      // The parser restarted a document without consuming anything: it is
      // stuck on a token it cannot place.
      auto pos = static_cast<size_t>(starts[i].pos);
      std::string token = pos < text.size() ? text.substr(pos, 1) : "";
      errors.add(errors.at(starts[i]),
                 "YAML syntax error: unexpected '" + token + "'");
      return std::nullopt;
    }
  if (starts.empty())
    return std::nullopt;
  // `---` separated documents would be silently ignored after the first.
  if (starts.size() > 1)
    errors.add(errors.at(starts[1]),
               "only one YAML document per file is allowed");
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    report_syntax(e, errors);
    return std::nullopt;
  }
}

} // namespace aip::config_internal
