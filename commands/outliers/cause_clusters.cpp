#include "commands/outliers/cause_clusters.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "commands/outliers/causes.hpp"

namespace ritualbot::commands {
namespace {

// A typo: at most one edit in five characters, and never more than three.
constexpr std::size_t kCharsPerEdit = 5;
constexpr std::size_t kMaxEdits = 3;
// A word added or left out: the shared words are at least this share of the longer cause's,
// and there are at least two of them (one shared word is a coincidence).
constexpr double kMinWordOverlap = 0.75;
constexpr std::size_t kMinSharedWords = 2;

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           static_cast<unsigned char>(c) >= 0x80;
}

// Words of a key, punctuation as a separator ("credit-note" is "credit note").
std::set<std::string> words_of(std::string_view key) {
    std::set<std::string> words;
    std::string word;
    for (const char c : key) {
        if (is_word_char(c)) {
            word += c;
        } else if (!word.empty()) {
            words.insert(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.insert(std::move(word));
    return words;
}

std::string joined_words(std::string_view key) {
    std::string out;
    for (const std::string& word : words_of(key)) out.append(out.empty() ? "" : " ").append(word);
    return out;
}

struct Spelling {
    std::string text;
    std::size_t count = 0;
    std::int64_t last_at = 0;
};

struct Group {
    std::string key;
    std::map<std::string, Spelling> spellings;  // by the text as written
    std::set<std::string> procedures;
    std::size_t count = 0;
    std::int64_t last_at = 0;
};

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

bool near_duplicate_causes(std::string_view a, std::string_view b) {
    if (a == b) return true;
    const std::string a_words = joined_words(a);
    const std::string b_words = joined_words(b);
    const std::size_t longer = std::max(a_words.size(), b_words.size());
    const std::size_t allowed = std::min(kMaxEdits, longer / kCharsPerEdit);
    if (edit_distance(a_words, b_words) <= allowed) return true;

    const auto a_set = words_of(a);
    const auto b_set = words_of(b);
    std::size_t shared = 0;
    for (const std::string& word : a_set) shared += b_set.count(word);
    const std::size_t most = std::max(a_set.size(), b_set.size());
    return shared >= kMinSharedWords &&
           static_cast<double>(shared) >= kMinWordOverlap * static_cast<double>(most);
}

std::vector<CauseCluster> cluster_causes(const std::vector<storage::ProcedureCause>& causes) {
    // Exact groups first (cause_key), then each group joins the first larger one it nearly
    // duplicates, so a cluster grows around its most frequent spelling.
    std::map<std::string, Group> exact;
    for (const storage::ProcedureCause& c : causes) {
        Group& group = exact[cause_key(c.cause)];
        group.key = cause_key(c.cause);
        Spelling& spelling = group.spellings[c.cause];
        spelling.text = c.cause;
        ++spelling.count;
        spelling.last_at = std::max(spelling.last_at, c.at);
        if (!c.procedure.empty()) group.procedures.insert(c.procedure);
        ++group.count;
        group.last_at = std::max(group.last_at, c.at);
    }
    std::vector<Group> groups;
    for (auto& [key, group] : exact) groups.push_back(std::move(group));
    const auto larger = [](const Group& a, const Group& b) {
        return a.count != b.count ? a.count > b.count : a.last_at > b.last_at;
    };
    std::stable_sort(groups.begin(), groups.end(), larger);

    std::vector<std::vector<Group>> merged;
    for (Group& group : groups) {
        const auto home = std::find_if(merged.begin(), merged.end(), [&](const auto& cluster) {
            return near_duplicate_causes(cluster.front().key, group.key);
        });
        if (home != merged.end()) {
            home->push_back(std::move(group));
        } else {
            merged.push_back({});
            merged.back().push_back(std::move(group));
        }
    }

    std::vector<CauseCluster> out;
    for (const std::vector<Group>& members : merged) {
        CauseCluster cluster;
        std::set<std::string> procedures;
        const Spelling* best = nullptr;
        for (const Group& group : members) {
            cluster.count += group.count;
            cluster.last_at = std::max(cluster.last_at, group.last_at);
            procedures.insert(group.procedures.begin(), group.procedures.end());
            for (const auto& [text, spelling] : group.spellings) {
                if (best == nullptr || spelling.count > best->count ||
                    (spelling.count == best->count && spelling.last_at > best->last_at))
                    best = &spelling;
            }
        }
        cluster.cause = best->text;
        cluster.procedures.assign(procedures.begin(), procedures.end());
        cluster.spellings = members.size();
        out.push_back(std::move(cluster));
    }
    std::stable_sort(out.begin(), out.end(), [](const CauseCluster& a, const CauseCluster& b) {
        return a.count != b.count ? a.count > b.count : a.last_at > b.last_at;
    });
    return out;
}

}  // namespace ritualbot::commands
