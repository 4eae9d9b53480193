# Per-folder build helpers, modelled on Abseil's absl_cc_library: each folder declares its
# libraries, binaries and tests in a few lines; the top level only adds subdirectories.

set(KINERJA_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
    -Wno-unused-parameter
    -Wno-missing-field-initializers)
if(KINERJA_WERROR)
  list(APPEND KINERJA_WARNINGS -Werror)
endif()

# kinerja_cc_library(NAME name SRCS a.cc b.h [PUBLIC_DEPS x ...] [DEPS y ...])
# Declares library `kinerja_<name>`, aliased as `kinerja::<name>`. PUBLIC_DEPS are the
# libraries its headers expose (a caller that includes them needs them too); DEPS are used by
# its sources only and stay private: they are linked, but a caller does not inherit them, so
# a layer cannot reach past its neighbour through a dependency's dependency.
function(kinerja_cc_library)
  cmake_parse_arguments(K "" "NAME" "SRCS;DEPS;PUBLIC_DEPS" ${ARGN})
  set(target kinerja_${K_NAME})
  add_library(${target} STATIC ${K_SRCS})
  add_library(kinerja::${K_NAME} ALIAS ${target})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
  target_compile_options(${target} PRIVATE ${KINERJA_WARNINGS})
  target_link_libraries(${target} PUBLIC ${K_PUBLIC_DEPS} PRIVATE ${K_DEPS})
endfunction()

# kinerja_cc_binary(NAME name SRCS main.cc DEPS x y)
function(kinerja_cc_binary)
  cmake_parse_arguments(K "" "NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${K_NAME} ${K_SRCS})
  target_include_directories(${K_NAME} PRIVATE ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
  target_compile_options(${K_NAME} PRIVATE ${KINERJA_WARNINGS})
  target_link_libraries(${K_NAME} PRIVATE ${K_DEPS})
endfunction()

# kinerja_cc_test(NAME name SRCS a_test.cc DEPS x y [LABELS ...] [TIMEOUT s])
# Builds a GoogleTest binary and registers each of its tests with CTest.
function(kinerja_cc_test)
  cmake_parse_arguments(K "" "NAME;TIMEOUT" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${K_NAME} ${K_SRCS})
  target_include_directories(${K_NAME} PRIVATE ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
  target_compile_options(${K_NAME} PRIVATE ${KINERJA_WARNINGS})
  target_link_libraries(${K_NAME} PRIVATE ${K_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  if(NOT K_TIMEOUT)
    set(K_TIMEOUT 300)
  endif()
  gtest_discover_tests(${K_NAME} DISCOVERY_TIMEOUT 60
    PROPERTIES TIMEOUT ${K_TIMEOUT} LABELS "${K_LABELS}")
endfunction()

include(GoogleTest)

# kinerja_forbid_deps(TARGET t [FORBIDDEN_DIRS dir...] [FORBIDDEN_LIBS regex...] WHY text)
# Fails the configuration if target `t` links, directly or through other libraries, a library
# declared under one of the folders `dirs`, or an imported library whose name matches one of
# `regex` (e.g. "^gRPC::"): layering is enforced by the build, not by goodwill.
# cmake/check_layering.cmake checks the same layers from the sources' #include lines.
function(kinerja_forbid_deps)
  cmake_parse_arguments(K "" "TARGET;WHY" "FORBIDDEN_DIRS;FORBIDDEN_LIBS" ${ARGN})
  set(queue ${K_TARGET})
  set(seen "")
  while(queue)
    list(POP_FRONT queue t)
    string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" t "${t}")
    if(NOT TARGET "${t}" OR "${t}" IN_LIST seen)
      continue()
    endif()
    list(APPEND seen "${t}")
    get_target_property(real "${t}" ALIASED_TARGET)
    if(real)
      set(t "${real}")
    endif()
    get_target_property(imported "${t}" IMPORTED)
    if(imported)
      foreach(pattern IN LISTS K_FORBIDDEN_LIBS)
        if(t MATCHES "${pattern}")
          message(FATAL_ERROR "layering: ${K_TARGET} links ${t}: ${K_WHY}")
        endif()
      endforeach()
      continue()
    endif()
    get_target_property(dir "${t}" SOURCE_DIR)
    foreach(forbidden IN LISTS K_FORBIDDEN_DIRS)
      string(FIND "${dir}/" "${forbidden}/" at)
      if(at EQUAL 0)
        message(FATAL_ERROR "layering: ${K_TARGET} links ${t} (declared in ${dir}): ${K_WHY}")
      endif()
    endforeach()
    get_target_property(libs "${t}" LINK_LIBRARIES)
    if(libs)
      list(APPEND queue ${libs})
    endif()
  endwhile()
endfunction()

# kinerja_embed_files(NAME name NAMESPACE ns BASE dir FILES a.html css/b.css ...)
# A library kinerja::<name> whose one source, generated at build time from the FILES (paths
# relative to BASE), defines `const ::kinerja::EmbeddedFiles ns::kEmbeddedFiles`
# (common/embed/embedded_file.h); declare it where it is used. Editing a file rebuilds it.
function(kinerja_embed_files)
  cmake_parse_arguments(K "" "NAME;NAMESPACE;BASE" "FILES" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${K_NAME}_embedded.cc)
  set(inputs "")
  foreach(rel IN LISTS K_FILES)
    list(APPEND inputs ${K_BASE}/${rel})
  endforeach()
  string(REPLACE ";" "|" files_arg "${K_FILES}")  # A ;-list would split the argument.
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DBASE=${K_BASE} -DNAMESPACE=${K_NAMESPACE}
            "-DFILES=${files_arg}" -P ${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake
    DEPENDS ${inputs} ${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake
    COMMENT "Embedding ${K_NAME}" VERBATIM)
  kinerja_cc_library(NAME ${K_NAME} SRCS ${out})
endfunction()
