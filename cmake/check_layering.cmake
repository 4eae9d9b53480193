# The layering of the tree, checked from the sources' #include lines (DESIGN.md, "Layout"):
#
#   common/values  value formats           may include: proto messages, Abseil
#   common/rpc     gRPC <-> absl status    may include: gRPC, Abseil
#   common/auth    console users file      may include: libsodium, Abseil
#   common/backup  backup archive format   may include: proto messages, Abseil, OpenSSL
#   storage/       the replica on RocksDB  nothing of daemon/, client/, common/rpc or gRPC
#   daemon/        kinerjad                nothing of client/; its domain folders (authz, codec,
#                                          config, node, rollup) no gRPC and no gRPC adapter
#   client/        kinerjactl              nothing of daemon/ or storage/
#
# Run as `cmake -DROOT=<tree> -P check_layering.cmake`; prints every include that breaks a
# rule, naming the file, the include and the rule, and fails if there is any.
cmake_minimum_required(VERSION 3.22)
if(NOT ROOT)
  message(FATAL_ERROR "usage: cmake -DROOT=<source tree> -P check_layering.cmake")
endif()
get_filename_component(ROOT "${ROOT}" ABSOLUTE)

set(grpc_headers "^(grpcpp/|grpc/|.*\\.grpc\\.pb\\.h$)")

# rule(<folder> <includes it must not use, a regular expression> <why>)
set(violations "")
set(count 0)
function(rule folder forbidden why)
  if(NOT IS_DIRECTORY "${ROOT}/${folder}")
    return()
  endif()
  file(GLOB_RECURSE sources RELATIVE "${ROOT}" "${ROOT}/${folder}/*.h" "${ROOT}/${folder}/*.cc")
  foreach(source IN LISTS sources)
    file(STRINGS "${ROOT}/${source}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]*)[>\"].*$" "\\1" header
                           "${line}")
      if(header MATCHES "${forbidden}")
        string(APPEND violations "  ${source} includes ${header}: ${why}\n")
        math(EXPR count "${count} + 1")
      endif()
    endforeach()
  endforeach()
  set(violations "${violations}" PARENT_SCOPE)
  set(count ${count} PARENT_SCOPE)
endfunction()

rule(common/values "^(daemon|client|storage|common/rpc)/" "value formats know only the proto messages")
rule(common/values "${grpc_headers}" "value formats know nothing of gRPC")
rule(common/rpc "^(daemon|client|storage|common/values)/" "the status translation stands alone")
rule(common/auth "^(daemon|client|storage|common/rpc)/" "daemon and client share it")
rule(common/auth "${grpc_headers}" "the users file knows nothing of gRPC")
rule(common/report "^(daemon|client|storage|common/rpc)/" "the LKj layout and workbook know only the proto messages and values")
rule(common/backup "^(daemon|client|storage|common/rpc)/" "the backup archive format stands alone")
rule(common/backup "${grpc_headers}" "the backup archive format knows nothing of gRPC")
rule(storage "^(daemon|client|common/rpc)/" "storage is the bottom layer")
rule(storage "${grpc_headers}" "storage knows RocksDB, not gRPC")
rule(daemon "^client/" "the daemon never includes the client")
rule(daemon/authz "${grpc_headers}" "authorisation is domain code")
rule(daemon/codec "${grpc_headers}" "import and export are domain code")
rule(daemon/config "${grpc_headers}" "configuration is domain code")
rule(daemon/node "${grpc_headers}" "the node is domain code; kinerjad wires the gRPC adapters")
rule(daemon/node "^daemon/(sync/(sync_service|upstream_syncer)|admin|query)/?"
     "the node is domain code; kinerjad wires the gRPC adapters")
rule(daemon/rollup "${grpc_headers}" "rollups are domain code")
rule(daemon/backup "${grpc_headers}" "backup and restore are domain code")
rule(daemon/metrics "${grpc_headers}" "metrics hang off the node's seams, not its gRPC adapters")
rule(daemon/rollup "^daemon/(import|codec)/" "rollups read records, not import files")
rule(client "^(daemon|storage)/" "the client talks to kinerjad over its services only")
rule(sink "^(daemon|storage)/" "the sink is a client of national's QueryService only")

if(violations)
  message(FATAL_ERROR "layering: ${count} includes reach past their layer:\n${violations}")
endif()
message(STATUS "layering: every include stays within its layer")
