// How Go's encoding/json judges a document's syntax, for error messages that read as upstream's.
//
// Upstream's apiserver first reads a body's apiVersion and kind with encoding/json, which scans
// the whole document byte by byte; its first complaint is the message a client gets:
//   invalid character '}' looking for beginning of object key string
//   invalid character ' ' in numeric literal        (a document ending in "-")
//   unexpected end of JSON input
// Go's scanner accepts what RFC 8259 accepts, except that bytes inside strings need not be UTF-8;
// so a document it accepts may still be refused by a stricter parser.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kubepp::api {

// Nothing when Go's scanner accepts `data`; else the text of its *json.SyntaxError.
std::optional<std::string> GoJsonSyntaxError(std::string_view data);

// How Go's scanner names a byte in its messages: 'x', '\n', '\x01', '"', '\''. The byte is
// read as the code point of the same value, as Go's string(byte) reads it.
std::string GoQuoteChar(unsigned char c);

}  // namespace kubepp::api
