#include "commands/ticket_data/requester_hash.hpp"

#include <cstring>
#include <string>

namespace ritualbot::commands {
namespace {

constexpr std::uint64_t rotl(std::uint64_t x, int b) {
    return (x << b) | (x >> (64 - b));
}

std::uint64_t load_le(const unsigned char* p, std::size_t n) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(p[i]) << (8 * i);
    return v;
}

// SipHash-2-4, straight from the reference implementation (Aumasson & Bernstein, 2012).
std::uint64_t siphash24(const unsigned char* data, std::size_t size, const unsigned char key[16]) {
    const std::uint64_t k0 = load_le(key, 8);
    const std::uint64_t k1 = load_le(key + 8, 8);
    std::uint64_t v0 = 0x736f6d6570736575ULL ^ k0;
    std::uint64_t v1 = 0x646f72616e646f6dULL ^ k1;
    std::uint64_t v2 = 0x6c7967656e657261ULL ^ k0;
    std::uint64_t v3 = 0x7465646279746573ULL ^ k1;
    const auto round = [&] {
        v0 += v1;
        v1 = rotl(v1, 13);
        v1 ^= v0;
        v0 = rotl(v0, 32);
        v2 += v3;
        v3 = rotl(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = rotl(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = rotl(v1, 17);
        v1 ^= v2;
        v2 = rotl(v2, 32);
    };
    const std::size_t full = size - size % 8;
    for (std::size_t i = 0; i < full; i += 8) {
        const std::uint64_t m = load_le(data + i, 8);
        v3 ^= m;
        round();
        round();
        v0 ^= m;
    }
    const std::uint64_t last =
        (static_cast<std::uint64_t>(size) << 56) | load_le(data + full, size % 8);
    v3 ^= last;
    round();
    round();
    v0 ^= last;
    v2 ^= 0xff;
    for (int i = 0; i < 4; ++i) round();
    return v0 ^ v1 ^ v2 ^ v3;
}

}  // namespace

std::int64_t requester_hash(std::string_view requester, std::string_view key) {
    unsigned char k[16] = {};
    std::memcpy(k, key.data(), key.size() < 16 ? key.size() : 16);
    const std::size_t first = requester.find_first_not_of(" \t");
    const std::size_t last = requester.find_last_not_of(" \t");
    std::string normal;
    if (first != std::string_view::npos) {
        normal.assign(requester.substr(first, last - first + 1));
        for (char& c : normal) {
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
    }
    const std::uint64_t h =
        siphash24(reinterpret_cast<const unsigned char*>(normal.data()), normal.size(), k);
    std::int64_t out;
    std::memcpy(&out, &h, sizeof out);
    return out;
}

}  // namespace ritualbot::commands
