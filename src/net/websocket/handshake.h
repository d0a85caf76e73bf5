// The server side of the WebSocket opening handshake (RFC 6455 section 4.2):
// recognising an upgrade request, choosing a subprotocol from those the
// client offers, and the "101 Switching Protocols" answer whose
// Sec-WebSocket-Accept proves the server read the client's key. Pure
// functions over net::HttpRequest; nothing here touches a socket.
//
// Thread safety: every function is safe to call from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "net/http.h"

namespace kubepp::net::websocket {

// The GUID RFC 6455 appends to the client's key before hashing.
inline constexpr std::string_view kAcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

// base64(SHA-1(key + kAcceptGuid)): the Sec-WebSocket-Accept value.
std::string AcceptValue(std::string_view client_key);

// True when the request asks to upgrade to WebSocket: Connection names
// "upgrade" and Upgrade is "websocket" (case-insensitive), as upstream's
// wsstream.IsWebSocketRequest checks.
bool IsWebSocketRequest(const HttpRequest& request);

// The subprotocols of every Sec-WebSocket-Protocol header, in order, trimmed.
std::vector<std::string> OfferedProtocols(const HttpRequest& request);

// True when the client offers `protocol` (exact, case-sensitive as RFC 6455
// tokens are).
bool Offers(const HttpRequest& request, std::string_view protocol);

// The whole "101 Switching Protocols" answer accepting `request` with
// `protocol` (empty: no Sec-WebSocket-Protocol header), or why the request is
// no valid opening handshake: BadRequest for a method other than GET or a
// missing or malformed Sec-WebSocket-Key, and for a Sec-WebSocket-Version
// other than 13 (the caller answers 426 with "Sec-WebSocket-Version: 13" then,
// see kSupportedVersion).
StatusOr<std::string> AcceptResponse(const HttpRequest& request, std::string_view protocol);

inline constexpr std::string_view kSupportedVersion = "13";

}  // namespace kubepp::net::websocket
