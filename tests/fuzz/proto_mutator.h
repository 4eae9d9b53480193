// A small structure-aware mutator over protobuf reflection, for fuzz targets whose input is a
// serialized message (libprotobuf-mutator is not in Debian). It changes one field at a time
// by its type, so a mutated input still parses and reaches the logic behind the decoder.
#ifndef KINERJA_TESTS_FUZZ_PROTO_MUTATOR_H_
#define KINERJA_TESTS_FUZZ_PROTO_MUTATOR_H_

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace kinerja::fuzz {

// Not thread-safe; cheap to construct, so one per mutation is fine.
class ProtoMutator {
 public:
  // The same seed and message give the same mutation.
  explicit ProtoMutator(uint64_t seed) : rng_(seed) {}

  // Applies one mutation to `message`: picks a random field of a random message in it (the
  // message itself or any nested one, set fields and unset alike) and changes it by type:
  //   integers  a boundary value (0, +-1, the type's min and max), +-1..8, random bits, or
  //             another integer field's value (a seq, a batch_no);
  //   strings   flip a bit, insert or erase bytes, overwrite a byte, empty it, or copy
  //   and bytes another string field's value whole or in part (a key, an origin);
  //   enums     another declared value, sometimes an undeclared number;
  //   bool      flipped;
  //   repeated  add an element (new or a copy), remove, duplicate or swap elements;
  //   messages  set an unset one, clear a set one (nested fields are sites of their own).
  // A mutation that changes no byte is retried (a few times). One that would take the
  // serialized size past `max_bytes` is undone, so the result never exceeds it if the input
  // did not.
  void Mutate(google::protobuf::Message* message, size_t max_bytes);

  // Mixes `other` (of the same type) into `message`, field by field with even odds: a scalar
  // or unset message taken from either side, a message set on both sides crossed recursively,
  // a repeated field spliced (a prefix of `message`'s elements, then a suffix of `other`'s).
  void CrossOver(const google::protobuf::Message& other, google::protobuf::Message* message);

 private:
  // A place to mutate: `field` of `message`; for a repeated scalar field, `index` names one
  // element (-1: the field as a whole: add, remove, swap).
  struct Site {
    google::protobuf::Message* message;
    const google::protobuf::FieldDescriptor* field;
    int index;
  };

  void Collect(google::protobuf::Message* message, int depth);
  void MutateSite(const Site& site);
  void MutateRepeated(google::protobuf::Message* message,
                      const google::protobuf::FieldDescriptor* field);
  void MutateMessageField(google::protobuf::Message* message,
                          const google::protobuf::FieldDescriptor* field);
  void MutateScalar(const Site& site);
  uint64_t MutateBits(uint64_t value, int bits, bool is_signed);
  std::string MutateString(std::string value);
  void CrossMessage(const google::protobuf::Message& other, google::protobuf::Message* message,
                    int depth);

  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(rng_() % n); }
  bool OneIn(size_t n) { return Below(n) == 0; }

  std::mt19937_64 rng_;
  std::vector<Site> sites_;           // Of the message being mutated.
  std::vector<std::string> strings_;  // Its string and bytes values, to copy from.
  std::vector<uint64_t> integers_;    // Its integer values, to copy from.
};

}  // namespace kinerja::fuzz

#endif  // KINERJA_TESTS_FUZZ_PROTO_MUTATOR_H_
