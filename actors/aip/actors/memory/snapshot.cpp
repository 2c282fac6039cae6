#include "aip/actors/memory/snapshot.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

// The streaming state's layout is needed to keep it on the stack.
#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

namespace aip::memory {

namespace {

// Layout (little-endian):
//   "AIPMEM01"  u64 namespace count
//   per namespace: u64 body length, body, u64 XXH3 of body
//     body: str name, u32 dim, u8 metric, u8 element, u16 0, u64 rows,
//           rows*dim elements, then per row: str id, str text,
//           u32 n, n * (str key, str value)        (str = u32 length, bytes)
//   "AIPMEND1"  u64 XXH3 of the concatenated section checksums
constexpr char head_magic[8] = {'A', 'I', 'P', 'M', 'E', 'M', '0', '1'};
constexpr char tail_magic[8] = {'A', 'I', 'P', 'M', 'E', 'N', 'D', '1'};
constexpr uint64_t max_string = 1u << 24;

size_t element_size(kernels::element e) {
  return e == kernels::element::f32 ? 4 : 2;
}

// Buffered writes with a running checksum of the current section.
class writer {
public:
  explicit writer(int fd) : fd_(fd) { buf_.reserve(1 << 20); }

  void begin_section() { XXH3_64bits_reset(&hash_); }
  uint64_t section_hash() const { return XXH3_64bits_digest(&hash_); }

  void raw(const void* p, size_t n, bool hashed = true) {
    if (hashed)
      XXH3_64bits_update(&hash_, p, n);
    auto* b = static_cast<const char*>(p);
    while (n > 0) {
      size_t take = std::min(n, buf_.capacity() - buf_.size());
      buf_.insert(buf_.end(), b, b + take);
      b += take;
      n -= take;
      if (buf_.size() == buf_.capacity())
        flush();
    }
  }
  template <class T>
  void num(T v, bool hashed = true) {
    raw(&v, sizeof v, hashed);
  }
  void str(const std::string& s) {
    num(static_cast<uint32_t>(s.size()));
    raw(s.data(), s.size());
  }

  bool flush() {
    size_t off = 0;
    while (off < buf_.size() && ok_) {
      ssize_t w = ::write(fd_, buf_.data() + off, buf_.size() - off);
      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0) {
        ok_ = false;
        errno_ = errno;
        break;
      }
      off += static_cast<size_t>(w);
      written_ += static_cast<uint64_t>(w);
    }
    buf_.clear();
    return ok_;
  }
  bool ok() const { return ok_; }
  int error_number() const { return errno_; }
  uint64_t written() const { return written_; }

private:
  int fd_;
  std::vector<char> buf_;
  XXH3_state_t hash_{};
  bool ok_ = true;
  int errno_ = 0;
  uint64_t written_ = 0;
};

uint64_t body_length(const std::string& name, const namespace_index& idx) {
  uint64_t n = 4 + name.size() + 4 + 1 + 1 + 2 + 8 + idx.row_bytes();
  for (uint32_t r = 0; r < idx.size(); ++r) {
    n += 4 + idx.id(r).size() + 4 + idx.text(r).size() + 4;
    for (auto& [k, v] : idx.meta(r))
      n += 4 + k.size() + 4 + v.size();
  }
  return n;
}

void write_body(writer& w, const std::string& name, const namespace_index& idx) {
  auto& cfg = idx.config();
  w.str(name);
  w.num(static_cast<uint32_t>(cfg.dim));
  w.num(static_cast<uint8_t>(cfg.metric));
  w.num(static_cast<uint8_t>(cfg.element));
  w.num(uint16_t{0});
  w.num(static_cast<uint64_t>(idx.size()));
  w.raw(idx.row_data(), idx.row_bytes());
  for (uint32_t r = 0; r < idx.size(); ++r) {
    w.str(idx.id(r));
    w.str(idx.text(r));
    w.num(static_cast<uint32_t>(idx.meta(r).size()));
    for (auto& [k, v] : idx.meta(r)) {
      w.str(k);
      w.str(v);
    }
  }
}

std::string sys_error(const std::string& what, int err) {
  return what + ": " + std::strerror(err);
}

// Bounds-checked reads over the mapped file; the first failure sticks and
// names the byte offset and what was being read.
class reader {
public:
  reader(const uint8_t* p, size_t n) : p_(p), n_(n) {}

  bool need(size_t n, const char* what) {
    if (!failed_.empty())
      return false;
    if (n > n_ - at_) {
      failed_ = "truncated at byte " + std::to_string(at_) + " reading "
                + what + " (" + std::to_string(n) + " bytes wanted, "
                + std::to_string(n_ - at_) + " left)";
      return false;
    }
    return true;
  }
  template <class T>
  T num(const char* what) {
    T v{};
    if (need(sizeof v, what)) {
      std::memcpy(&v, p_ + at_, sizeof v);
      at_ += sizeof v;
    }
    return v;
  }
  std::string str(const char* what) {
    auto n = num<uint32_t>(what);
    if (!failed_.empty())
      return {};
    if (n > max_string) {
      failed_ = std::string{what} + " at byte " + std::to_string(at_ - 4)
                + " claims " + std::to_string(n) + " bytes";
      return {};
    }
    if (!need(n, what))
      return {};
    std::string s{reinterpret_cast<const char*>(p_ + at_), n};
    at_ += n;
    return s;
  }
  const uint8_t* take(size_t n, const char* what) {
    if (!need(n, what))
      return nullptr;
    auto* p = p_ + at_;
    at_ += n;
    return p;
  }
  void fail(std::string why) {
    if (failed_.empty())
      failed_ = std::move(why);
  }
  /// Prefixes the failure (if any) with where it happened.
  void within(const std::string& where) {
    if (!failed_.empty())
      failed_ = where + ": " + failed_;
  }
  const std::string& failure() const { return failed_; }
  size_t at() const { return at_; }
  size_t left() const { return n_ - at_; }

private:
  const uint8_t* p_;
  size_t n_;
  size_t at_ = 0;
  std::string failed_;
};

bool read_namespace(reader& body, const index_config& expect, memory_store& out,
                    uint64_t& records) {
  auto name = body.str("namespace name");
  auto dim = body.num<uint32_t>("dimension");
  auto metric = body.num<uint8_t>("metric");
  auto element = body.num<uint8_t>("element type");
  body.num<uint16_t>("padding");
  auto rows = body.num<uint64_t>("row count");
  if (!body.failure().empty())
    return false;
  std::string err;
  if (!memory_store::valid_name(name, err)) {
    body.fail(err);
    return false;
  }
  if (out.find(name) != nullptr) {
    body.fail("namespace '" + name + "' appears twice");
    return false;
  }
  if (dim != expect.dim || metric != static_cast<uint8_t>(expect.metric)
      || element != static_cast<uint8_t>(expect.element)) {
    body.fail("namespace '" + name + "' has dim " + std::to_string(dim)
              + ", metric " + std::to_string(metric) + ", element "
              + std::to_string(element) + "; this agent is configured for dim "
              + std::to_string(expect.dim) + ", metric "
              + std::to_string(static_cast<int>(expect.metric)) + ", element "
              + std::to_string(static_cast<int>(expect.element)));
    return false;
  }
  const size_t esz = element_size(expect.element);
  // Each row needs its vector and at least 12 bytes of strings: reject an
  // absurd count before multiplying or allocating.
  if (rows > body.left() / (dim * esz + 12)) {
    body.fail("namespace '" + name + "' claims " + std::to_string(rows)
              + " rows, more than its section can hold");
    return false;
  }
  const uint8_t* vectors = body.take(rows * dim * esz, "vectors");
  std::vector<std::string> ids(rows), texts(rows);
  std::vector<metadata> metas(rows);
  std::unordered_map<std::string, bool> seen;
  for (uint64_t r = 0; r < rows && body.failure().empty(); ++r) {
    ids[r] = body.str("record id");
    texts[r] = body.str("record text");
    auto n = body.num<uint32_t>("metadata count");
    if (n > body.left() / 8) {
      body.fail("record '" + ids[r] + "' claims " + std::to_string(n)
                + " metadata entries");
      break;
    }
    for (uint32_t m = 0; m < n && body.failure().empty(); ++m) {
      auto k = body.str("metadata key");
      auto v = body.str("metadata value");
      metas[r].emplace_back(std::move(k), std::move(v));
    }
    if (body.failure().empty() && !normalize(metas[r], err))
      body.fail("record '" + ids[r] + "': " + err);
    if (body.failure().empty() && (ids[r].empty() || !seen.emplace(ids[r], true).second))
      body.fail("record id '" + ids[r] + "' is empty or repeated");
  }
  if (!body.failure().empty())
    return false;
  if (body.left() != 0) {
    body.fail(std::to_string(body.left()) + " unexplained bytes at the end");
    return false;
  }
  namespace_index idx{expect};
  idx.append_raw(vectors, std::move(ids), std::move(texts), std::move(metas));
  out.adopt(name, std::move(idx));
  records += rows;
  return true;
}

} // namespace

bool write_snapshot(const memory_store& store, const std::string& path,
                    snapshot_info& info, std::string& error) {
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = sys_error("snapshot " + tmp + ": cannot create", errno);
    return false;
  }
  writer w{fd};
  w.raw(head_magic, sizeof head_magic, false);
  w.num(static_cast<uint64_t>(store.all().size()), false);
  XXH3_state_t all{};
  XXH3_64bits_reset(&all);
  info = {};
  for (auto& [name, idx] : store.all()) {
    w.num(body_length(name, idx), false);
    w.begin_section();
    write_body(w, name, idx);
    uint64_t h = w.section_hash();
    w.num(h, false);
    XXH3_64bits_update(&all, &h, sizeof h);
    ++info.namespaces;
    info.records += idx.size();
  }
  w.raw(tail_magic, sizeof tail_magic, false);
  w.num(static_cast<uint64_t>(XXH3_64bits_digest(&all)), false);
  bool ok = w.flush();
  int err = w.error_number();
  if (ok && ::fsync(fd) != 0) {
    ok = false;
    err = errno;
  }
  ::close(fd);
  if (!ok) {
    ::unlink(tmp.c_str());
    error = sys_error("snapshot " + tmp + ": write failed", err);
    return false;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    err = errno;
    ::unlink(tmp.c_str());
    error = sys_error("snapshot " + path + ": rename failed", err);
    return false;
  }
  // Make the rename itself durable.
  auto slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  if (int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  info.bytes = w.written();
  return true;
}

bool read_snapshot(const std::string& path, const index_config& expect,
                   memory_store& out, snapshot_info& info, std::string& error) {
  const std::string where = "snapshot " + path + ": ";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = sys_error(where + "cannot open", errno);
    return false;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    error = where + "not a regular file";
    return false;
  }
  const size_t size = static_cast<size_t>(st.st_size);
  void* map = size > 0 ? ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0)
                       : nullptr;
  ::close(fd);
  if (map == MAP_FAILED) {
    error = sys_error(where + "cannot map", errno);
    return false;
  }
  struct unmap_at_exit {
    void* p;
    size_t n;
    ~unmap_at_exit() {
      if (p != nullptr)
        ::munmap(p, n);
    }
  } unmap{map, size};
  reader file{static_cast<const uint8_t*>(map), size};
  auto* magic = file.take(sizeof head_magic, "file magic");
  if (magic != nullptr && std::memcmp(magic, head_magic, sizeof head_magic) != 0)
    file.fail("not an AIP memory snapshot (bad magic)");
  auto count = file.num<uint64_t>("namespace count");
  memory_store fresh{expect};
  XXH3_state_t all{};
  XXH3_64bits_reset(&all);
  snapshot_info got;
  for (uint64_t i = 0; i < count && file.failure().empty(); ++i) {
    const std::string section = "namespace #" + std::to_string(i + 1);
    auto len = file.num<uint64_t>("section length");
    if (!file.failure().empty() || !file.need(len, "section")
        || !file.need(len + 8, "section checksum")) {
      file.within(section);
      break;
    }
    const uint8_t* body_bytes = file.take(len, "section");
    auto stored = file.num<uint64_t>("section checksum");
    if (XXH3_64bits(body_bytes, len) != stored) {
      file.fail(section + ": checksum mismatch (file corrupt)");
      break;
    }
    XXH3_64bits_update(&all, &stored, sizeof stored);
    reader body{body_bytes, len};
    if (!read_namespace(body, expect, fresh, got.records)) {
      file.fail(section + ": " + body.failure());
      break;
    }
    ++got.namespaces;
  }
  auto* tail = file.take(sizeof tail_magic, "end marker");
  if (tail != nullptr && std::memcmp(tail, tail_magic, sizeof tail_magic) != 0)
    file.fail("bad end marker (truncated or corrupt)");
  auto total = file.num<uint64_t>("file checksum");
  if (file.failure().empty() && total != XXH3_64bits_digest(&all))
    file.fail("file checksum mismatch (sections missing or reordered)");
  if (file.failure().empty() && file.left() != 0)
    file.fail(std::to_string(file.left()) + " bytes after the end marker");
  if (!file.failure().empty()) {
    error = where + file.failure();
    return false;
  }
  got.bytes = size;
  out = std::move(fresh);
  info = got;
  return true;
}

} // namespace aip::memory
