// A stand-in for a harness or a daemon in subprocess_test: each mode behaves like one case the
// test needs (a harness holding a child, a daemon that never becomes ready, one that fails).
//
//   subprocess_test_helper harness      start `child-family` through Subprocess, print
//                                       "child PID", then wait to be killed
//   subprocess_test_helper child-family fork a grandchild (same process group), print
//                                       "grandchild PID", then wait to be killed
//   subprocess_test_helper silent       print "starting", never "ready:"
//   subprocess_test_helper fail         print a listen error and exit 3
//   subprocess_test_helper ready        print "ready: helper", then wait to be killed
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "tests/testing/subprocess.h"

namespace {

[[noreturn]] void WaitToBeKilled() {
  for (;;) pause();
}

int Harness(const char* self, const char* log) {
  kinerja::testing::KillChildrenOnSignals();
  auto child = kinerja::testing::Subprocess::Start({self, "child-family"}, log, log);
  if (!child.ok()) {
    std::fprintf(stderr, "%s\n", std::string(child.status().message()).c_str());
    return 1;
  }
  std::printf("child %d\n", static_cast<int>(child->pid()));
  std::fflush(stdout);
  WaitToBeKilled();
}

int ChildFamily() {
  const pid_t grandchild = fork();
  if (grandchild == 0) WaitToBeKilled();
  std::printf("grandchild %d\n", static_cast<int>(grandchild));
  std::fflush(stdout);
  WaitToBeKilled();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "harness" && argc > 2) return Harness(argv[0], argv[2]);
  if (mode == "child-family") return ChildFamily();
  if (mode == "silent") {
    std::printf("starting\n");
    std::fflush(stdout);
    WaitToBeKilled();
  }
  if (mode == "fail") {
    std::fprintf(stderr, "listen: cannot listen on 127.0.0.1:1\n");
    return 3;
  }
  if (mode == "ready") {
    std::printf("ready: helper\n");
    std::fflush(stdout);
    WaitToBeKilled();
  }
  std::fprintf(stderr, "usage: %s harness LOG | child-family | silent | fail | ready\n", argv[0]);
  return 2;
}
