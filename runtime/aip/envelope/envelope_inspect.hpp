#pragma once
/// CAF 0.17 serialization of aip::envelope, so that an envelope can cross
/// nodes: saving writes the FlatBuffer bytes as one byte sequence; loading
/// reads them and runs verify_envelope, failing with an `aipingress` error if
/// they do not verify. Include aip/core/type_ids.hpp rather than this header.

#include "aip/envelope/envelope.hpp"
#include "aip/envelope/ingress_error.hpp"

#include <caf/atom.hpp>
#include <caf/fwd.hpp>

namespace aip {

/// Category of the caf::error produced when loading an envelope fails; the
/// code is an ingress_code and the context holds the ingress_error message.
constexpr caf::atom_value ingress_error_category = caf::atom("aipingress");

/// An ingress_error as a caf::error (for handlers that reply with errors).
caf::error to_caf_error(const ingress_error& x);

/// Serializer and deserializer are the concrete inspector types CAF 0.17 uses
/// for binary (de)serialization, so plain overloads suffice and keep the CAF
/// machinery in the .cpp. deep_to_string uses to_string(const envelope&).
caf::error inspect(caf::serializer& f, envelope& x);
caf::error inspect(caf::deserializer& f, envelope& x);

} // namespace aip
