#include "aip/envelope/envelope_inspect.hpp"

#include "aip/envelope/verify_envelope.hpp"

#include <caf/binary_deserializer.hpp>
#include <caf/deserializer.hpp>
#include <caf/error.hpp>
#include <caf/make_message.hpp>
#include <caf/serializer.hpp>

namespace aip {

caf::error to_caf_error(const ingress_error& x) {
  return caf::error{static_cast<uint8_t>(x.code), ingress_error_category,
                    caf::make_message(x.message)};
}

caf::error inspect(caf::serializer& f, envelope& x) {
  // An empty envelope could not be loaded again (load verifies), so refuse
  // to write one rather than fail on the far side.
  if (!x.valid())
    return to_caf_error(make_ingress_error(ingress_code::unreadable,
                                           "empty envelope not serializable",
                                           std::nullopt));
  auto& bytes = x.bytes();
  auto size = bytes.size();
  if (auto err = f.begin_sequence(size))
    return err;
  // apply_raw only reads in saving mode; the cast is for its shared
  // load/save signature.
  if (auto err = f.apply_raw(size, const_cast<uint8_t*>(bytes.data())))
    return err;
  return f.end_sequence();
}

caf::error inspect(caf::deserializer& f, envelope& x) {
  size_t size = 0;
  if (auto err = f.begin_sequence(size))
    return err;
  // Refuse before allocating: the size itself came off the wire.
  verify_options opts;
  auto fail = [](std::string reason) {
    return to_caf_error(
        make_ingress_error(ingress_code::unreadable, reason, std::nullopt));
  };
  if (size > opts.max_bytes)
    return to_caf_error(make_ingress_error(ingress_code::too_large,
                                           std::to_string(size)
                                               + " bytes exceed the limit of "
                                               + std::to_string(opts.max_bytes),
                                           std::nullopt));
  if (auto* bin = dynamic_cast<caf::binary_deserializer*>(&f);
      bin != nullptr && size > bin->remaining())
    return fail("truncated: " + std::to_string(size) + " bytes announced, "
                + std::to_string(bin->remaining()) + " left");
  caf::error read_error;
  auto bytes = shared_bytes::make(size, [&](uint8_t* dst) {
    read_error = f.apply_raw(size, dst);
    return !read_error;
  });
  if (read_error)
    return read_error;
  if (auto err = f.end_sequence())
    return err;
  auto result = verify_envelope(std::move(bytes), opts);
  if (!result)
    return to_caf_error(result.error());
  x = std::move(result).value();
  return caf::none;
}

} // namespace aip
