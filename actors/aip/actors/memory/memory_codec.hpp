#pragma once
/// FlatBuffers <-> memory types for the `memory` agent and its clients
/// (schemas/memory.fbs): one place that builds and reads these payloads.

#include <string>
#include <vector>

#include "aip/actors/memory/metadata_filter.hpp"
#include "aip/agents/payload.hpp"
#include "aip/schemas/memory_generated.h"

namespace aip::memory {

/// A search answer as the client sees it.
struct recalled {
  std::string id;
  float score = 0;
  std::string text;
  metadata meta;
};

metadata read_metadata(
  const flatbuffers::Vector<flatbuffers::Offset<MetaEntry>>* entries);
filter_set read_filters(
  const flatbuffers::Vector<flatbuffers::Offset<Filter>>* filters);

payload make_add(const std::string& ns, const std::string& id,
                 const std::vector<float>& vec, const std::string& text,
                 const metadata& md, bool upsert);
payload make_search(const std::string& ns, const std::vector<float>& vec,
                    uint32_t k, const filter_set& filters = {});
payload make_ack(const std::string& ns, const std::string& id, uint64_t size);
payload make_hits(const std::vector<recalled>& hits);

std::vector<recalled> read_hits(const MemoryHits& hits);

} // namespace aip::memory
