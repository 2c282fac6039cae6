#include "aip/config/load_config.hpp"

#include "aip/config/internal/spec_readers.hpp"
#include "aip/config/internal/yaml_document.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>

namespace aip {

namespace {

using config_internal::error_sink;

config_result finish(error_sink& errors, std::optional<node_spec> spec) {
  config_result out;
  out.errors = errors.take_sorted();
  if (out.errors.empty())
    out.spec = std::move(spec);
  return out;
}

using plugin_hook = std::function<std::optional<std::string>(const std::string&)>;

config_result load_text(std::string_view yaml, const std::string& file_name,
                        const agent_type_registry& types, plugin_hook hook) {
  error_sink errors{file_name};
  auto doc = config_internal::parse_document(std::string{yaml}, errors);
  if (!doc) {
    if (errors.empty())
      errors.add({file_name, 1, 1}, "the file is empty; expected a map with "
                                    "a 'supervisor' key");
    return finish(errors, std::nullopt);
  }
  config_internal::reader_env env{errors, types, std::move(hook)};
  auto spec = config_internal::read_node_spec(*doc, env);
  return finish(errors, std::move(spec));
}

config_result load_file(const std::string& path,
                        const agent_type_registry& types, plugin_hook hook) {
  auto fail = [&](std::string why) {
    config_result out;
    config_error e;
    e.where.file = path;
    e.message = "cannot read config file: " + why;
    out.errors.push_back(std::move(e));
    return out;
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return fail("it is a directory");
  std::ifstream in{path, std::ios::binary};
  if (!in)
    return fail(std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    return fail(std::strerror(errno));
  return load_text(text.str(), path, types, std::move(hook));
}

} // namespace

config_result load_config_string(std::string_view yaml,
                                 const std::string& file_name,
                                 const agent_type_registry& types) {
  return load_text(yaml, file_name, types, {});
}

config_result load_config_file(const std::string& path,
                               const agent_type_registry& types) {
  return load_file(path, types, {});
}

config_result load_config_file(const std::string& path,
                               agent_type_registry& types,
                               plugin_loader& plugins) {
  auto dir = std::filesystem::path{path}.parent_path();
  return load_file(path, types, [&](const std::string& entry) {
    std::filesystem::path p{entry};
    if (p.is_relative())
      p = dir / p;
    return plugins.load(p.lexically_normal().string(), types);
  });
}

} // namespace aip
