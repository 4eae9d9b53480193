#include "tests/fuzz/proto_mutator.h"

#include <limits>
#include <memory>
#include <utility>

#include "google/protobuf/reflection.h"

namespace kinerja::fuzz {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Nesting followed at most; deeper messages are left alone (protobuf itself stops at 100).
constexpr int kMaxDepth = 16;

int BitsOf(FieldDescriptor::CppType type) {
  switch (type) {
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_UINT32:
      return 32;
    default:
      return 64;
  }
}

bool IsInteger(FieldDescriptor::CppType type) {
  return type == FieldDescriptor::CPPTYPE_INT32 || type == FieldDescriptor::CPPTYPE_UINT32 ||
         type == FieldDescriptor::CPPTYPE_INT64 || type == FieldDescriptor::CPPTYPE_UINT64;
}

// An integer field's value (one element when `index` >= 0) as 64 bits.
uint64_t GetInteger(const Message& m, const FieldDescriptor* f, int index) {
  const Reflection* r = m.GetReflection();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return static_cast<uint64_t>(
          static_cast<int64_t>(index < 0 ? r->GetInt32(m, f) : r->GetRepeatedInt32(m, f, index)));
    case FieldDescriptor::CPPTYPE_UINT32:
      return index < 0 ? r->GetUInt32(m, f) : r->GetRepeatedUInt32(m, f, index);
    case FieldDescriptor::CPPTYPE_INT64:
      return static_cast<uint64_t>(index < 0 ? r->GetInt64(m, f)
                                             : r->GetRepeatedInt64(m, f, index));
    default:
      return index < 0 ? r->GetUInt64(m, f) : r->GetRepeatedUInt64(m, f, index);
  }
}

void SetInteger(Message* m, const FieldDescriptor* f, int index, uint64_t v) {
  const Reflection* r = m->GetReflection();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      index < 0 ? r->SetInt32(m, f, static_cast<int32_t>(v))
                : r->SetRepeatedInt32(m, f, index, static_cast<int32_t>(v));
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      index < 0 ? r->SetUInt32(m, f, static_cast<uint32_t>(v))
                : r->SetRepeatedUInt32(m, f, index, static_cast<uint32_t>(v));
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      index < 0 ? r->SetInt64(m, f, static_cast<int64_t>(v))
                : r->SetRepeatedInt64(m, f, index, static_cast<int64_t>(v));
      break;
    default:
      index < 0 ? r->SetUInt64(m, f, v) : r->SetRepeatedUInt64(m, f, index, v);
      break;
  }
}

// Appends element `index` of `from`'s repeated `f` to `to`'s.
void AddElementFrom(const Message& from, const FieldDescriptor* f, int index, Message* to) {
  const Reflection* rf = from.GetReflection();
  const Reflection* rt = to->GetReflection();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      rt->AddInt32(to, f, rf->GetRepeatedInt32(from, f, index));
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      rt->AddUInt32(to, f, rf->GetRepeatedUInt32(from, f, index));
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      rt->AddInt64(to, f, rf->GetRepeatedInt64(from, f, index));
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      rt->AddUInt64(to, f, rf->GetRepeatedUInt64(from, f, index));
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      rt->AddDouble(to, f, rf->GetRepeatedDouble(from, f, index));
      break;
    case FieldDescriptor::CPPTYPE_FLOAT:
      rt->AddFloat(to, f, rf->GetRepeatedFloat(from, f, index));
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      rt->AddBool(to, f, rf->GetRepeatedBool(from, f, index));
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      rt->AddEnumValue(to, f, rf->GetRepeatedEnumValue(from, f, index));
      break;
    case FieldDescriptor::CPPTYPE_STRING:
      rt->AddString(to, f, rf->GetRepeatedString(from, f, index));
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      rt->AddMessage(to, f)->CopyFrom(rf->GetRepeatedMessage(from, f, index));
      break;
  }
}

// Sets singular `f` of `to` as it is in `from` (cleared if `from` has it not set).
void CopySingular(const Message& from, const FieldDescriptor* f, Message* to) {
  const Reflection* rf = from.GetReflection();
  const Reflection* rt = to->GetReflection();
  if (f->has_presence() && !rf->HasField(from, f)) {
    rt->ClearField(to, f);
    return;
  }
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      rt->SetInt32(to, f, rf->GetInt32(from, f));
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      rt->SetUInt32(to, f, rf->GetUInt32(from, f));
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      rt->SetInt64(to, f, rf->GetInt64(from, f));
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      rt->SetUInt64(to, f, rf->GetUInt64(from, f));
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      rt->SetDouble(to, f, rf->GetDouble(from, f));
      break;
    case FieldDescriptor::CPPTYPE_FLOAT:
      rt->SetFloat(to, f, rf->GetFloat(from, f));
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      rt->SetBool(to, f, rf->GetBool(from, f));
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      rt->SetEnumValue(to, f, rf->GetEnumValue(from, f));
      break;
    case FieldDescriptor::CPPTYPE_STRING:
      rt->SetString(to, f, rf->GetString(from, f));
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      rt->MutableMessage(to, f)->CopyFrom(rf->GetMessage(from, f));
      break;
  }
}

// Appends a default element to repeated scalar `f` (an enum: its first declared value).
void AddDefault(Message* m, const FieldDescriptor* f) {
  const Reflection* r = m->GetReflection();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      r->AddInt32(m, f, 0);
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      r->AddUInt32(m, f, 0);
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      r->AddInt64(m, f, 0);
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      r->AddUInt64(m, f, 0);
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      r->AddDouble(m, f, 0);
      break;
    case FieldDescriptor::CPPTYPE_FLOAT:
      r->AddFloat(m, f, 0);
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      r->AddBool(m, f, false);
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      r->AddEnumValue(m, f, f->enum_type()->value(0)->number());
      break;
    case FieldDescriptor::CPPTYPE_STRING:
      r->AddString(m, f, std::string());
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      r->AddMessage(m, f);
      break;
  }
}

// Whether `s` is well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or values past
// U+10FFFF). proto3 refuses to parse a string field that is not, so a mutated one must stay so.
bool IsUtf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    int n;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // Truncated sequence.
    for (int k = 1; k <= n; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr uint32_t kMinOf[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMinOf[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

// Makes `s` well-formed UTF-8 by clearing the high bit of every byte if it is not.
void MakeUtf8(std::string* s) {
  if (IsUtf8(*s)) return;
  for (char& c : *s) c = static_cast<char>(c & 0x7F);
}

}  // namespace

void ProtoMutator::Collect(Message* message, int depth) {
  const Reflection* r = message->GetReflection();
  const google::protobuf::Descriptor* d = message->GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    sites_.push_back({message, f, -1});
    const bool is_message = f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (f->is_repeated()) {
      const int n = r->FieldSize(*message, f);
      for (int k = 0; k < n; ++k) {
        if (is_message) {
          if (depth < kMaxDepth) Collect(r->MutableRepeatedMessage(message, f, k), depth + 1);
        } else {
          sites_.push_back({message, f, k});
          if (f->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
            strings_.push_back(r->GetRepeatedString(*message, f, k));
          } else if (IsInteger(f->cpp_type())) {
            integers_.push_back(GetInteger(*message, f, k));
          }
        }
      }
    } else if (is_message) {
      if (r->HasField(*message, f) && depth < kMaxDepth) {
        Collect(r->MutableMessage(message, f), depth + 1);
      }
    } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
      if (!r->GetString(*message, f).empty()) strings_.push_back(r->GetString(*message, f));
    } else if (IsInteger(f->cpp_type())) {
      integers_.push_back(GetInteger(*message, f, -1));
    }
  }
}

void ProtoMutator::Mutate(Message* message, size_t max_bytes) {
  const std::string before = message->SerializeAsString();
  for (int attempt = 0; attempt < 4; ++attempt) {
    std::unique_ptr<Message> saved(message->New());
    saved->CopyFrom(*message);
    sites_.clear();
    strings_.clear();
    integers_.clear();
    Collect(message, 0);
    if (sites_.empty()) return;  // A message type without fields.
    MutateSite(sites_[Below(sites_.size())]);
    if (message->ByteSizeLong() > max_bytes) {
      message->CopyFrom(*saved);
      continue;
    }
    if (message->SerializeAsString() != before) return;
  }
}

void ProtoMutator::MutateSite(const Site& site) {
  if (site.field->is_repeated() && site.index < 0) {
    MutateRepeated(site.message, site.field);
  } else if (site.field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
    MutateMessageField(site.message, site.field);
  } else {
    MutateScalar(site);
  }
}

void ProtoMutator::MutateRepeated(Message* m, const FieldDescriptor* f) {
  const Reflection* r = m->GetReflection();
  const int n = r->FieldSize(*m, f);
  const bool is_message = f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
  switch (n == 0 ? 0 : Below(5)) {
    case 0: {  // Add a new element (a default one, or a copy) at a random place.
      if (n > 0 && OneIn(2)) {
        AddElementFrom(*m, f, static_cast<int>(Below(n)), m);
      } else if (is_message) {
        r->AddMessage(m, f);
      } else {
        AddDefault(m, f);
      }
      // Move it from the end to a random place.
      for (int k = n; k > 0 && !OneIn(2); --k) r->SwapElements(m, f, k, k - 1);
      break;
    }
    case 1:  // Remove a random element.
      r->SwapElements(m, f, static_cast<int>(Below(n)), n - 1);
      r->RemoveLast(m, f);
      break;
    case 2: {  // Duplicate an element next to itself.
      const int k = static_cast<int>(Below(n));
      AddElementFrom(*m, f, k, m);
      for (int at = n; at > k + 1; --at) r->SwapElements(m, f, at, at - 1);
      break;
    }
    case 3:  // Swap two elements.
      r->SwapElements(m, f, static_cast<int>(Below(n)), static_cast<int>(Below(n)));
      break;
    default:  // Keep a prefix.
      for (int k = static_cast<int>(Below(n)); k < n; ++k) r->RemoveLast(m, f);
      break;
  }
}

void ProtoMutator::MutateMessageField(Message* m, const FieldDescriptor* f) {
  const Reflection* r = m->GetReflection();
  if (!r->HasField(*m, f) || !OneIn(4)) {
    r->MutableMessage(m, f);  // Sets it (within a oneof, clears the others).
    if (r->HasField(*m, f) && OneIn(2)) {
      // Give the nested message a first mutation of its own, so a new one is not empty.
      ProtoMutator inner(rng_());
      inner.Mutate(r->MutableMessage(m, f), std::numeric_limits<size_t>::max());
    }
  } else {
    r->ClearField(m, f);
  }
}

uint64_t ProtoMutator::MutateBits(uint64_t value, int bits, bool is_signed) {
  const uint64_t mask = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
  const uint64_t max = is_signed ? mask >> 1 : mask;
  const uint64_t min = is_signed ? (max + 1) : 0;  // Two's complement bits of the minimum.
  switch (Below(5)) {
    case 0: {
      const uint64_t edges[] = {0, 1, mask, max, min, max - 1, min + 1, 2};
      value = edges[Below(sizeof edges / sizeof edges[0])];
      break;
    }
    case 1:
      value += 1 + Below(8);
      break;
    case 2:
      value -= 1 + Below(8);
      break;
    case 3:
      value = rng_() >> Below(64);
      break;
    default:
      if (!integers_.empty()) value = integers_[Below(integers_.size())] + Below(3) - 1;
      break;
  }
  return value & mask;
}

std::string ProtoMutator::MutateString(std::string s) {
  static constexpr char kBytes[] = "/.-_,0123456789ABab %\"\n\r\\\x00\xff";
  auto random_byte = [this] {
    return OneIn(2) ? kBytes[Below(sizeof kBytes - 1)] : static_cast<char>(rng_());
  };
  switch (s.empty() ? 1 + 4 * Below(2) : Below(7)) {
    case 0:  // Flip a bit.
      s[Below(s.size())] ^= static_cast<char>(1 << Below(8));
      break;
    case 1: {  // Insert 1..4 bytes.
      const size_t at = Below(s.size() + 1);
      const size_t n = 1 + Below(4);
      for (size_t i = 0; i < n; ++i) s.insert(s.begin() + at, random_byte());
      break;
    }
    case 2: {  // Erase a range.
      const size_t at = Below(s.size());
      s.erase(at, 1 + Below(s.size() - at));
      break;
    }
    case 3:  // Overwrite a byte.
      s[Below(s.size())] = random_byte();
      break;
    case 4:  // Empty.
      s.clear();
      break;
    case 5: {  // Copy another string whole.
      if (!strings_.empty()) s = strings_[Below(strings_.size())];
      break;
    }
    default: {  // Insert part of another string.
      if (strings_.empty()) break;
      const std::string& other = strings_[Below(strings_.size())];
      const size_t from = Below(other.size() + 1);
      const size_t n = Below(other.size() - from + 1);
      s.insert(Below(s.size() + 1), other, from, n);
      break;
    }
  }
  return s;
}

void ProtoMutator::MutateScalar(const Site& site) {
  Message* m = site.message;
  const FieldDescriptor* f = site.field;
  const Reflection* r = m->GetReflection();
  const int i = site.index;
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT64: {
      const bool is_signed = f->cpp_type() == FieldDescriptor::CPPTYPE_INT32 ||
                             f->cpp_type() == FieldDescriptor::CPPTYPE_INT64;
      SetInteger(m, f, i, MutateBits(GetInteger(*m, f, i), BitsOf(f->cpp_type()), is_signed));
      break;
    }
    case FieldDescriptor::CPPTYPE_BOOL:
      i < 0 ? r->SetBool(m, f, !r->GetBool(*m, f))
            : r->SetRepeatedBool(m, f, i, !r->GetRepeatedBool(*m, f, i));
      break;
    case FieldDescriptor::CPPTYPE_ENUM: {
      const google::protobuf::EnumDescriptor* e = f->enum_type();
      int v = e->value(static_cast<int>(Below(e->value_count())))->number();
      // proto3 enums are open: an undeclared number is a valid input too.
      if (OneIn(8) && f->file()->syntax() == google::protobuf::FileDescriptor::SYNTAX_PROTO3) {
        v = static_cast<int>(rng_());
      }
      i < 0 ? r->SetEnumValue(m, f, v) : r->SetRepeatedEnumValue(m, f, i, v);
      break;
    }
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT: {
      const double values[] = {0,
                               1,
                               -1,
                               1e300,
                               -1e300,
                               std::numeric_limits<double>::infinity(),
                               std::numeric_limits<double>::quiet_NaN(),
                               static_cast<double>(static_cast<int64_t>(rng_()))};
      const double v = values[Below(sizeof values / sizeof values[0])];
      if (f->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE) {
        i < 0 ? r->SetDouble(m, f, v) : r->SetRepeatedDouble(m, f, i, v);
      } else {
        const float fv = static_cast<float>(v);
        i < 0 ? r->SetFloat(m, f, fv) : r->SetRepeatedFloat(m, f, i, fv);
      }
      break;
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string s = MutateString(i < 0 ? r->GetString(*m, f) : r->GetRepeatedString(*m, f, i));
      if (f->type() == FieldDescriptor::TYPE_STRING &&
          f->file()->syntax() == google::protobuf::FileDescriptor::SYNTAX_PROTO3) {
        MakeUtf8(&s);
      }
      i < 0 ? r->SetString(m, f, std::move(s)) : r->SetRepeatedString(m, f, i, std::move(s));
      break;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;  // Handled by MutateMessageField.
  }
}

void ProtoMutator::CrossOver(const Message& other, Message* message) {
  if (other.GetDescriptor() != message->GetDescriptor()) return;
  CrossMessage(other, message, 0);
}

void ProtoMutator::CrossMessage(const Message& other, Message* m, int depth) {
  const Reflection* r = m->GetReflection();
  const Reflection* ro = other.GetReflection();
  const google::protobuf::Descriptor* d = m->GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->is_repeated()) {
      if (OneIn(2)) continue;
      const int n = r->FieldSize(*m, f);
      const int n_other = ro->FieldSize(other, f);
      const int keep = static_cast<int>(Below(static_cast<size_t>(n) + 1));
      const int from = static_cast<int>(Below(static_cast<size_t>(n_other) + 1));
      for (int k = keep; k < n; ++k) r->RemoveLast(m, f);
      for (int k = from; k < n_other; ++k) AddElementFrom(other, f, k, m);
    } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && r->HasField(*m, f) &&
               ro->HasField(other, f) && depth < kMaxDepth && OneIn(2)) {
      CrossMessage(ro->GetMessage(other, f), r->MutableMessage(m, f), depth + 1);
    } else if (OneIn(2)) {
      // Within a oneof, only the side's set member is copied: copying an unset member would
      // clear the one `m` has.
      if (f->containing_oneof() != nullptr && !ro->HasField(other, f)) continue;
      CopySingular(other, f, m);
    }
  }
}

}  // namespace kinerja::fuzz
