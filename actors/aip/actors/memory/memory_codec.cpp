#include "aip/actors/memory/memory_codec.hpp"

namespace aip::memory {

namespace {

flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<MetaEntry>>>
write_metadata(flatbuffers::FlatBufferBuilder& b, const metadata& md) {
  std::vector<flatbuffers::Offset<MetaEntry>> entries;
  entries.reserve(md.size());
  for (auto& [k, v] : md)
    entries.push_back(CreateMetaEntry(b, b.CreateString(k), b.CreateString(v)));
  return b.CreateVector(entries);
}

} // namespace

metadata read_metadata(
  const flatbuffers::Vector<flatbuffers::Offset<MetaEntry>>* entries) {
  metadata md;
  if (entries == nullptr)
    return md;
  md.reserve(entries->size());
  for (auto* e : *entries)
    md.emplace_back(e->key()->str(), e->value()->str());
  return md;
}

filter_set read_filters(
  const flatbuffers::Vector<flatbuffers::Offset<Filter>>* filters) {
  filter_set fs;
  if (filters == nullptr)
    return fs;
  for (auto* f : *filters) {
    filter x;
    x.key = f->key()->str();
    x.op = static_cast<filter_op>(f->op());
    if (f->values() != nullptr)
      for (auto* v : *f->values())
        x.values.push_back(v->str());
    fs.all.push_back(std::move(x));
  }
  return fs;
}

payload make_add(const std::string& ns, const std::string& id,
                 const std::vector<float>& vec, const std::string& text,
                 const metadata& md, bool upsert) {
  return make_payload<MemoryAdd>([&](flatbuffers::FlatBufferBuilder& b) {
    auto n = b.CreateString(ns);
    auto i = b.CreateString(id);
    auto v = b.CreateVector(vec);
    auto t = b.CreateString(text);
    auto m = write_metadata(b, md);
    return CreateMemoryAdd(b, n, i, v, t, m, upsert);
  });
}

payload make_search(const std::string& ns, const std::vector<float>& vec,
                    uint32_t k, const filter_set& filters) {
  return make_payload<MemorySearch>([&](flatbuffers::FlatBufferBuilder& b) {
    auto n = b.CreateString(ns);
    auto v = b.CreateVector(vec);
    std::vector<flatbuffers::Offset<Filter>> fs;
    for (auto& f : filters.all) {
      std::vector<flatbuffers::Offset<flatbuffers::String>> values;
      for (auto& x : f.values)
        values.push_back(b.CreateString(x));
      auto key = b.CreateString(f.key);
      auto vs = b.CreateVector(values);
      fs.push_back(CreateFilter(b, key, static_cast<FilterOp>(f.op), vs));
    }
    auto fv = fs.empty() ? 0 : b.CreateVector(fs);
    return CreateMemorySearch(b, n, v, k, fv);
  });
}

payload make_ack(const std::string& ns, const std::string& id, uint64_t size) {
  return make_payload<MemoryAck>([&](flatbuffers::FlatBufferBuilder& b) {
    auto n = b.CreateString(ns);
    auto i = b.CreateString(id);
    return CreateMemoryAck(b, n, i, size);
  });
}

payload make_hits(const std::vector<recalled>& hits) {
  return make_payload<MemoryHits>([&](flatbuffers::FlatBufferBuilder& b) {
    std::vector<flatbuffers::Offset<Hit>> hs;
    hs.reserve(hits.size());
    for (auto& h : hits) {
      auto id = b.CreateString(h.id);
      auto text = b.CreateString(h.text);
      auto md = write_metadata(b, h.meta);
      hs.push_back(CreateHit(b, id, h.score, text, md));
    }
    return CreateMemoryHits(b, b.CreateVector(hs));
  });
}

std::vector<recalled> read_hits(const MemoryHits& hits) {
  std::vector<recalled> out;
  if (hits.hits() == nullptr)
    return out;
  for (auto* h : *hits.hits())
    out.push_back(recalled{h->id() ? h->id()->str() : std::string{},
                           h->score(),
                           h->text() ? h->text()->str() : std::string{},
                           read_metadata(h->metadata())});
  return out;
}

} // namespace aip::memory
