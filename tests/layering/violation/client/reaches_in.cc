// A deliberate layering violation for the `layering_check_refuses_violation` test: the client
// must never include the daemon. Never compiled.
#include "daemon/runtime/executor.h"
