// Go's strconv.Quote (fmt's %q of a string), for error messages that must
// read exactly like upstream's: clients and tests compare those strings.
//
// Thread safety: a pure function.
#pragma once

#include <string>
#include <string_view>

namespace kubepp {

// Double-quoted, with \" \\ \n \t ... and \xNN for bytes that are not valid
// UTF-8. Valid non-ASCII characters are kept as they are, except the control
// and format characters Go does not print (\uNNNN).
std::string GoQuote(std::string_view s);

}  // namespace kubepp
