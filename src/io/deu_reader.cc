// DEU table reader (see parley/validate.h for the format and conventions).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/text.h"
#include "parley/io.h"
#include "parley/validate.h"

namespace parley {

namespace {

using internal::Lower;
using internal::Trim;

std::vector<std::string> SplitTabs(std::string_view line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) {
      fields.emplace_back(line.substr(start));
      break;
    }
    fields.emplace_back(line.substr(start, tab - start));
    start = tab + 1;
  }
  for (std::string& f : fields) f = Trim(f);
  return fields;
}

// A number in [low, high], or nullopt when blank ("", "NA", ".").
std::optional<double> Cell(const std::string& text, const SourceLocation& where,
                           const std::string& column, double low, double high) {
  if (text.empty() || text == "NA" || text == "." || text == "na") return std::nullopt;
  const std::optional<double> value = internal::ParseReal(text);
  if (!value || !std::isfinite(*value)) {
    throw InputError(where, column,
                     fmt::format("'{}' is not a number; expected a number in [{}, {}] or blank",
                                 text, low, high));
  }
  if (*value < low || *value > high) {
    throw InputError(where, column,
                     fmt::format("is {}; expected a number in [{}, {}] or blank", text, low, high));
  }
  return value;
}

}  // namespace

DeuData ParseDeuTable(std::string_view text, const std::string& source) {
  text = internal::WithoutByteOrderMark(text);
  DeuData data;
  data.source = source;
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  if (lines.empty() || Trim(lines[0]).empty()) {
    throw InputError({source, 1, 0}, "header",
                     "the file is empty; expected a tab-separated header with prnr, isnr, proc, "
                     "counvte, p<actor>/s<actor> columns, rp and out");
  }
  const std::vector<std::string> header = SplitTabs(lines[0]);
  std::map<std::string, std::size_t> column;
  for (std::size_t c = 0; c < header.size(); ++c) column.emplace(Lower(header[c]), c);
  auto find = [&](const std::string& name, bool required) -> std::optional<std::size_t> {
    const auto it = column.find(name);
    if (it != column.end()) return it->second;
    if (required) {
      throw InputError({source, 1, 0}, "header",
                       fmt::format("no '{}' column; expected the DEU columns prnr, isnr, proc, "
                                   "counvte, p<actor>/s<actor>, rp and out",
                                   name));
    }
    return std::nullopt;
  };
  const std::size_t c_prnr = *find("prnr", true);
  const std::size_t c_isnr = *find("isnr", true);
  const std::size_t c_proc = *find("proc", true);
  const std::size_t c_vote = *find("counvte", true);
  const std::size_t c_rp = *find("rp", true);
  const std::size_t c_out = *find("out", true);
  const std::optional<std::size_t> c_name = find("prname", false);
  std::vector<std::size_t> c_pos, c_sal;
  for (std::size_t c = 0; c < header.size(); ++c) {
    const std::string name = Lower(header[c]);
    if (name.size() < 2 || name[0] != 'p' || name == "prnr" || name == "prname" || name == "proc" ||
        name == "proccde" || name == "prnrnmc")
      continue;
    const auto s = column.find("s" + name.substr(1));
    if (s == column.end()) continue;
    data.actors.push_back(name.substr(1));
    c_pos.push_back(c);
    c_sal.push_back(s->second);
  }
  if (data.actors.empty()) {
    throw InputError({source, 1, 0}, "header",
                     "no actor columns; expected pairs p<actor> (position) and s<actor> "
                     "(salience), e.g. pcom and scom");
  }

  for (std::size_t l = 1; l < lines.size(); ++l) {
    const int line_no = static_cast<int>(l) + 1;
    if (Trim(lines[l]).empty()) continue;
    std::vector<std::string> fields = SplitTabs(lines[l]);
    if (fields.size() > header.size()) {
      throw InputError({source, line_no, 0}, "row",
                       fmt::format("row has {} fields; expected at most {} as in the header",
                                   fields.size(), header.size()));
    }
    fields.resize(header.size());  // trailing blanks may be cut off
    auto where = [&](std::size_t c) {
      return SourceLocation{source, line_no, static_cast<int>(c) + 1};
    };
    if (fields[c_prnr].empty() && fields[c_isnr].empty()) {
      // The capability row.
      if (data.capability || !data.issues.empty()) {
        throw InputError({source, line_no, 0}, "prnr",
                         "is blank; expected a proposal id (only the row right after the header "
                         "may be a capability row)");
      }
      std::vector<double> capability;
      for (std::size_t a = 0; a < data.actors.size(); ++a) {
        const std::size_t c = c_pos[a];
        const std::optional<double> value = Cell(fields[c], where(c), header[c], 0, 1e12);
        if (!value || *value <= 0) {
          throw InputError(where(c), header[c],
                           fmt::format("capability row: '{}'; expected a positive number for "
                                       "every actor",
                                       fields[c]));
        }
        capability.push_back(*value);
      }
      data.capability = std::move(capability);
      continue;
    }
    DeuIssue issue;
    issue.line = line_no;
    issue.proposal = fields[c_prnr];
    issue.id = fields[c_isnr];
    if (issue.proposal.empty() || issue.id.empty()) {
      const std::size_t c = issue.proposal.empty() ? c_prnr : c_isnr;
      throw InputError(where(c), header[c], "is blank; expected an id");
    }
    issue.proposal_name = c_name ? fields[*c_name] : "";
    issue.procedure = fields[c_proc];
    issue.voting_rule = fields[c_vote];
    if (issue.procedure.empty()) issue.procedure = "?";
    if (issue.voting_rule.empty()) issue.voting_rule = "?";
    issue.reference_point = Cell(fields[c_rp], where(c_rp), header[c_rp], 0, 100);
    issue.outcome = Cell(fields[c_out], where(c_out), header[c_out], 0, 100);
    for (std::size_t a = 0; a < data.actors.size(); ++a) {
      issue.position.push_back(Cell(fields[c_pos[a]], where(c_pos[a]), header[c_pos[a]], 0, 100));
      issue.salience.push_back(Cell(fields[c_sal[a]], where(c_sal[a]), header[c_sal[a]], 0, 100));
    }
    for (const DeuIssue& other : data.issues) {
      if (other.id == issue.id) {
        throw InputError(where(c_isnr), header[c_isnr],
                         fmt::format("'{}' repeats the issue on line {}; expected unique ids",
                                     issue.id, other.line));
      }
    }
    data.issues.push_back(std::move(issue));
  }
  if (data.issues.empty()) {
    throw InputError({source, 0, 0}, "", "the table has no issues; expected one row per issue");
  }
  return data;
}

DeuData ReadDeuFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError({path, 0, 0}, "", "cannot open the file; expected a readable DEU table");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.size() > kMaxScenarioBytes) {
    throw InputError({path, 0, 0}, "", "the file is too large");
  }
  return ParseDeuTable(text, path);
}

const std::map<std::string, double>& NiceCouncilVotes() {
  // Council votes, Treaty of Nice (Art. 205(2) TEC as amended; Acts of Accession 2003,
  // 2005); Croatia: Act of Accession 2012. com/ep: 29 by convention (see validate.h).
  static const std::map<std::string, double> votes{
      {"de", 29}, {"fr", 29}, {"it", 29},  {"uk", 29}, {"es", 27}, {"pl", 27}, {"ro", 14},
      {"nl", 13}, {"be", 12}, {"cz", 12},  {"el", 12}, {"hu", 12}, {"pt", 12}, {"at", 10},
      {"bu", 10}, {"bg", 10}, {"se", 10},  {"dk", 7},  {"ie", 7},  {"lt", 7},  {"sk", 7},
      {"fi", 7},  {"cr", 7},  {"hr", 7},   {"cy", 4},  {"ee", 4},  {"lv", 4},  {"lu", 4},
      {"si", 4},  {"mt", 3},  {"com", 29}, {"ep", 29}};
  return votes;
}

std::vector<double> DeuCapabilities(const DeuData& data, const std::string& source) {
  if (source == "equal") return std::vector<double>(data.actors.size(), 1.0);
  if (source == "file") {
    if (!data.capability) {
      throw InputError({data.source, 2, 0}, "capabilities",
                       "--capabilities file, but the table has no capability row (a row with "
                       "blank prnr and isnr); expected one, or use equal, nice or a FILE");
    }
    return *data.capability;
  }
  std::vector<double> capability(data.actors.size(), 1.0);
  if (source == "nice") {
    for (std::size_t a = 0; a < data.actors.size(); ++a) {
      const auto it = NiceCouncilVotes().find(data.actors[a]);
      if (it == NiceCouncilVotes().end()) {
        throw InputError({data.source, 1, 0}, "p" + data.actors[a],
                         fmt::format("actor '{}' has no Council vote weight under the Treaty of "
                                     "Nice; expected a member state code or com/ep",
                                     data.actors[a]));
      }
      capability[a] = it->second;
    }
    return capability;
  }
  std::ifstream in(source);
  if (!in) {
    throw InputError({source, 0, 0}, "--capabilities",
                     "cannot open the file; expected equal, file, nice or a readable file of "
                     "lines 'actor<TAB>capability'");
  }
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    const std::string content = Trim(line);
    if (content.empty() || content[0] == '#') continue;
    const std::size_t sep = content.find_first_of("\t,; ");
    const SourceLocation where{source, line_no, 0};
    if (sep == std::string::npos) {
      throw InputError(where, "line",
                       fmt::format("'{}'; expected 'actor<TAB>capability'", content));
    }
    const std::string actor = Lower(Trim(content.substr(0, sep)));
    const std::string number = Trim(content.substr(sep + 1));
    const std::optional<double> value = internal::ParseReal(number);
    if (!value || !std::isfinite(*value) || *value <= 0) {
      throw InputError(where, "capability",
                       fmt::format("'{}' for '{}'; expected a positive number", number, actor));
    }
    const auto it = std::find(data.actors.begin(), data.actors.end(), actor);
    if (it == data.actors.end()) {
      throw InputError(where, "actor",
                       fmt::format("'{}' is not an actor of {}; expected one of its p<actor> "
                                   "codes",
                                   actor, data.source));
    }
    capability[static_cast<std::size_t>(it - data.actors.begin())] = *value;
  }
  return capability;
}

namespace {

// The decision block of one DEU issue (see DeuProcedure in parley/validate.h).
std::optional<Decision> DeuProcedure(const DeuData& data, const DeuIssue& row) {
  Decision decision;
  decision.rule = DecisionRule::kVote;
  const std::map<std::string, double>& votes = NiceCouncilVotes();
  for (std::size_t a = 0; a < data.actors.size(); ++a) {
    if (!row.position[a] || !row.salience[a]) continue;  // takes no part
    const auto vote = votes.find(data.actors[a]);
    if (vote != votes.end() && data.actors[a] != "com" && data.actors[a] != "ep") {
      decision.voting_weights.emplace_back(data.actors[a], vote->second);
    }
  }
  if (decision.voting_weights.empty()) return std::nullopt;  // no member state takes part
  if (!row.reference_point) {
    // Without a reference point no threshold can bind: the Council's weighted median,
    // which lies in the core of any qualified majority, decides.
    decision.threshold = 0.5;
    decision.note = "no reference point: Council weighted median";
    return decision;
  }
  const std::string rule = Lower(row.voting_rule);
  decision.threshold = rule.rfind("unan", 0) == 0 ? 1.0 : kNiceQualifiedMajority;
  auto takes_part = [&](const char* code) {
    const auto it = std::find(data.actors.begin(), data.actors.end(), code);
    if (it == data.actors.end()) return false;
    const std::size_t a = static_cast<std::size_t>(it - data.actors.begin());
    return row.position[a].has_value() && row.salience[a].has_value();
  };
  if (takes_part("com")) decision.agenda_setter = "com";
  if (Lower(row.procedure) == "cod" && takes_part("ep")) decision.veto.emplace_back("ep");
  decision.note = fmt::format("{} {}", row.procedure, row.voting_rule);
  return decision;
}

Scenario BuildScenario(const DeuData& data, const std::vector<std::size_t>& issues,
                       const std::vector<double>& capability, bool with_procedure) {
  ScenarioBuilder builder(data.source);
  const DeuIssue& first = data.issues.at(issues.at(0));
  builder.SetName(issues.size() == 1 ? first.id : first.proposal);
  // Only actors that take part in at least one of the issues.
  std::vector<bool> present(data.actors.size(), false);
  for (std::size_t i : issues) {
    const DeuIssue& row = data.issues.at(i);
    for (std::size_t a = 0; a < data.actors.size(); ++a) {
      if (row.position[a] && row.salience[a]) present[a] = true;
    }
  }
  for (std::size_t a = 0; a < data.actors.size(); ++a) {
    if (!present[a]) continue;
    builder.AddActor({data.actors[a], data.actors[a], capability.at(a)}, {data.source, 1, 0},
                     "p" + data.actors[a]);
  }
  std::vector<std::pair<std::string, Decision>> decision_of;  // set once the stances are
  for (std::size_t i : issues) {
    const DeuIssue& row = data.issues.at(i);
    Issue issue;
    issue.id = row.id;
    issue.name = row.proposal_name.empty() ? row.id : row.proposal_name + " " + row.id;
    issue.status_quo = row.reference_point;
    builder.AddIssue(issue, {data.source, row.line, 0}, "isnr");
    if (with_procedure) {
      if (std::optional<Decision> decision = DeuProcedure(data, row)) {
        decision_of.emplace_back(row.id, std::move(*decision));
      }
    }
  }
  for (std::size_t i : issues) {
    const DeuIssue& row = data.issues.at(i);
    for (std::size_t a = 0; a < data.actors.size(); ++a) {
      if (!row.position[a] || !row.salience[a]) continue;
      Stance stance;
      stance.position = *row.position[a];
      stance.salience = *row.salience[a] / 100;
      builder.SetStance(data.actors[a], row.id, stance, {data.source, row.line, 0},
                        "p" + data.actors[a]);
    }
  }
  for (const auto& [issue_id, decision] : decision_of) {
    builder.SetDecision(issue_id, decision, {data.source, 1, 0}, "proc");
  }
  return builder.Build();
}

}  // namespace

Scenario DeuIssueScenario(const DeuData& data, std::size_t issue,
                          const std::vector<double>& capability, bool with_procedure) {
  return BuildScenario(data, {issue}, capability, with_procedure);
}

Scenario DeuProposalScenario(const DeuData& data, const std::vector<std::size_t>& issues,
                             const std::vector<double>& capability, bool with_procedure) {
  return BuildScenario(data, issues, capability, with_procedure);
}

}  // namespace parley
