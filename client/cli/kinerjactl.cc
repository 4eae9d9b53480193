// kinerjactl: the command line of a Kinerja node. Everything is in RunKinerjactl
// (client/run_kinerjactl.h) so that tests can run it in-process.
#include <iostream>

#include "client/cli/run_kinerjactl.h"

int main(int argc, char** argv) {
  return kinerja::client::RunKinerjactl(argc, argv, std::cout, std::cerr);
}
