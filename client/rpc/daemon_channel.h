// The channel kinerjactl's clients talk to the local kinerjad over: plaintext to its admin
// listener (loopback only), which serves AdminService and QueryService on one address.
#ifndef KINERJA_CLIENT_RPC_DAEMON_CHANNEL_H_
#define KINERJA_CLIENT_RPC_DAEMON_CHANNEL_H_

#include <memory>
#include <string>

#include "grpcpp/channel.h"

namespace kinerja::client {

// Largest response accepted, in bytes: gRPC's default of 4 MiB is too small for an export of
// every record a national node holds.
inline constexpr int kMaxDaemonResponseBytes = 256 << 20;

// A plaintext channel to `address` ("HOST:PORT") accepting responses up to
// kMaxDaemonResponseBytes. Connects on the first call, not here.
std::shared_ptr<grpc::Channel> NewDaemonChannel(const std::string& address);

}  // namespace kinerja::client

#endif  // KINERJA_CLIENT_RPC_DAEMON_CHANNEL_H_
