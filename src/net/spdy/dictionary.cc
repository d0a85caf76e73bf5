// The SPDY/3 header compression dictionary (SPDY Protocol Draft 3, section
// 2.6.10.1). DO NOT CHANGE: both ends of a session prime zlib with exactly
// these 1423 bytes; one byte off and no header block decompresses.
#include "net/spdy/header_block.h"

namespace kubepp::net::spdy {

std::string_view HeaderDictionary() {
  static constexpr char kDictionary[] =
    "\x00" "\x00" "\x00" "\x07" "options" "\x00" "\x00" "\x00" "\x04" "head" "\x00" "\x00" "\x00" "\x04"
    "post" "\x00" "\x00" "\x00" "\x03" "put" "\x00" "\x00" "\x00" "\x06" "delete" "\x00" "\x00" "\x00" "\x05"
    "trace" "\x00" "\x00" "\x00" "\x06" "accept" "\x00" "\x00" "\x00" "\x0e" "accept-charset" "\x00" "\x00"
    "\x00" "\x0f" "accept-encoding" "\x00" "\x00" "\x00" "\x0f" "accept-language" "\x00" "\x00" "\x00" "\x0d"
    "accept-ranges" "\x00" "\x00" "\x00" "\x03" "age" "\x00" "\x00" "\x00" "\x05" "allow" "\x00" "\x00"
    "\x00" "\x0d" "authorization" "\x00" "\x00" "\x00" "\x0d" "cache-control" "\x00" "\x00" "\x00" "\x0a"
    "connection" "\x00" "\x00" "\x00" "\x0c" "content-base" "\x00" "\x00" "\x00" "\x10" "content-encoding"
    "\x00" "\x00" "\x00" "\x10" "content-language" "\x00" "\x00" "\x00" "\x0e" "content-length" "\x00" "\x00"
    "\x00" "\x10" "content-location" "\x00" "\x00" "\x00" "\x0b" "content-md5" "\x00" "\x00" "\x00" "\x0d"
    "content-range" "\x00" "\x00" "\x00" "\x0c" "content-type" "\x00" "\x00" "\x00" "\x04" "date" "\x00"
    "\x00" "\x00" "\x04" "etag" "\x00" "\x00" "\x00" "\x06" "expect" "\x00" "\x00" "\x00" "\x07" "expires"
    "\x00" "\x00" "\x00" "\x04" "from" "\x00" "\x00" "\x00" "\x04" "host" "\x00" "\x00" "\x00" "\x08"
    "if-match" "\x00" "\x00" "\x00" "\x11" "if-modified-since" "\x00" "\x00" "\x00" "\x0d" "if-none-match"
    "\x00" "\x00" "\x00" "\x08" "if-range" "\x00" "\x00" "\x00" "\x13" "if-unmodified-since" "\x00" "\x00"
    "\x00" "\x0d" "last-modified" "\x00" "\x00" "\x00" "\x08" "location" "\x00" "\x00" "\x00" "\x0c"
    "max-forwards" "\x00" "\x00" "\x00" "\x06" "pragma" "\x00" "\x00" "\x00" "\x12" "proxy-authenticate"
    "\x00" "\x00" "\x00" "\x13" "proxy-authorization" "\x00" "\x00" "\x00" "\x05" "range" "\x00" "\x00"
    "\x00" "\x07" "referer" "\x00" "\x00" "\x00" "\x0b" "retry-after" "\x00" "\x00" "\x00" "\x06" "server"
    "\x00" "\x00" "\x00" "\x02" "te" "\x00" "\x00" "\x00" "\x07" "trailer" "\x00" "\x00" "\x00" "\x11"
    "transfer-encoding" "\x00" "\x00" "\x00" "\x07" "upgrade" "\x00" "\x00" "\x00" "\x0a" "user-agent" "\x00"
    "\x00" "\x00" "\x04" "vary" "\x00" "\x00" "\x00" "\x03" "via" "\x00" "\x00" "\x00" "\x07" "warning"
    "\x00" "\x00" "\x00" "\x10" "www-authenticate" "\x00" "\x00" "\x00" "\x06" "method" "\x00" "\x00" "\x00"
    "\x03" "get" "\x00" "\x00" "\x00" "\x06" "status" "\x00" "\x00" "\x00" "\x06" "200 OK" "\x00" "\x00"
    "\x00" "\x07" "version" "\x00" "\x00" "\x00" "\x08" "HTTP/1.1" "\x00" "\x00" "\x00" "\x03" "url" "\x00"
    "\x00" "\x00" "\x06" "public" "\x00" "\x00" "\x00" "\x0a" "set-cookie" "\x00" "\x00" "\x00" "\x0a"
    "keep-alive" "\x00" "\x00" "\x00" "\x06"
    "origin100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service UnavailableJan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMTchunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.";
  static_assert(sizeof(kDictionary) - 1 == 1423, "the SPDY/3 dictionary has 1423 bytes");
  return std::string_view(kDictionary, sizeof(kDictionary) - 1);
}

}  // namespace kubepp::net::spdy
