// Runs scenarios by name and renders their rows as a table or JSON lines.
#include <cstdio>
#include <exception>

#include "scenario.hpp"

namespace aip::bench {

namespace {

std::string fmt(double x) {
  char buf[64];
  double ax = x < 0 ? -x : x;
  if (ax >= 1000)
    std::snprintf(buf, sizeof(buf), "%.0f", x);
  else if (ax >= 10)
    std::snprintf(buf, sizeof(buf), "%.1f", x);
  else
    std::snprintf(buf, sizeof(buf), "%.3f", x);
  return buf;
}

void print_header(std::ostream& out) {
  char buf[160];
  std::snprintf(buf, sizeof(buf), "%-16s %-26s %-6s %12s %12s %6s\n",
                "scenario", "metric", "unit", "AIP", "CAF", "ratio");
  out << buf;
}

void print_row(const row& r, std::ostream& out, const options& opts) {
  if (opts.json) {
    nlohmann::json j{{"scenario", r.scenario}, {"metric", r.metric},
                     {"unit", r.unit},         {"aip", r.aip},
                     {"caf", r.caf},           {"ratio", r.ratio},
                     {"extra", r.extra}};
    out << j.dump() << '\n';
    return;
  }
  char buf[200];
  std::snprintf(buf, sizeof(buf), "%-16s %-26s %-6s %12s %12s %6.2f\n",
                r.scenario.c_str(), r.metric.c_str(), r.unit.c_str(),
                fmt(r.aip).c_str(), fmt(r.caf).c_str(), r.ratio);
  out << buf;
}

void print_failure(const scenario& s, const std::string& what,
                   std::ostream& out, const options& opts) {
  if (opts.json)
    out << nlohmann::json{{"scenario", s.name}, {"error", what}}.dump()
        << '\n';
  else
    out << s.name << ": FAILED: " << what << '\n';
}

} // namespace

int run_scenarios(const std::string& name, const options& opts,
                  std::ostream& out) {
  std::vector<const scenario*> chosen;
  for (auto& s : all_scenarios())
    if (name == "all" || s.name == name)
      chosen.push_back(&s);
  if (chosen.empty()) {
    out << "unknown scenario '" << name << "'; valid scenarios:\n";
    for (auto& s : all_scenarios())
      out << "  " << s.name << "  " << s.summary << '\n';
    out << "  all  every scenario above, in this order\n";
    return 2;
  }
  if (!opts.json)
    print_header(out);
  int rc = 0;
  for (auto* s : chosen) {
    try {
      for (auto& r : s->run(opts))
        print_row(r, out, opts);
    } catch (const std::exception& e) {
      print_failure(*s, e.what(), out, opts);
      rc = 1;
    }
    out.flush();
  }
  return rc;
}

} // namespace aip::bench
