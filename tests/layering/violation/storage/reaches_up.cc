// A deliberate layering violation for the `layering_check_refuses_violation` test: storage
// must never include the daemon or gRPC. Never compiled.
#include "daemon/node/node.h"
#include "grpcpp/grpcpp.h"
