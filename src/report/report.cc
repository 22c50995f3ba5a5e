// The HTML report (parley/report.h).
//
// The page is built in two parts: HTML for everything a reader can see without scripts
// (header, tables, explanations) and, for each chart, an empty container whose
// data-chart attribute names a Vega-Lite spec in one JSON blob. A small driver script
// embeds every spec with vega-embed (SVG renderer, so --dump-dom shows the marks) and
// records errors and the number of charts rendered on the page for headless tests.
//
// Charts share a look so that a reader can compare them: each actor keeps its colour
// everywhere (the scale's domain is every actor, in scenario order), positions are always
// drawn on the issue's own scale with its end labels in the axis title, and the status quo
// is a dashed grey rule.
#include "parley/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parley/brief.h"
#include "parley/decision.h"
#include "parley/ensemble.h"
#include "parley/error_model.h"
#include "parley/errors.h"
#include "parley/io.h"
#include "parley/linkage.h"
#include "parley/registry.h"
#include "parley/version.h"
#include "report/assets.h"

namespace parley {

namespace {

using json = nlohmann::ordered_json;

// ---------------------------------------------------------------------------------------
// Text

// Text for HTML element content and attribute values.
std::string Html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Fixed(double value, int decimals) {
  if (!std::isfinite(value)) return "-";
  std::string text = fmt::format("{:.{}f}", value, decimals);
  // "-0.0" reads as a sign error in a table.
  if (text.find_first_not_of("-0.") == std::string::npos && text[0] == '-') text.erase(0, 1);
  return text;
}

std::string Signed(double value, int decimals) {
  const std::string text = Fixed(value, decimals);
  return text[0] == '-' || text == "-" ? text : "+" + text;
}

// A number as a spec or a YAML file would write it (shortest round trip).
std::string Plain(double value) { return fmt::format("{}", value); }

// POSIX shell quoting, for the command that reproduces the report.
std::string ShellQuote(const std::string& text) {
  if (!text.empty() &&
      text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                             "-_./=:,+@%") == std::string::npos) {
    return text;
  }
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// JSON that can sit inside a <script> element: '<', '>' and '&' only occur inside JSON
// strings, where \u escapes mean the same characters, so "</script>" and "<!--" cannot
// appear in the page.
std::string ScriptSafeJson(const json& value) {
  const std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (char c : text) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Page pieces

struct Table {
  Table() = default;
  Table(std::vector<std::string> head_, std::vector<bool> numeric_)
      : head(std::move(head_)), numeric(std::move(numeric_)) {}
  std::vector<std::string> head;
  std::vector<bool> numeric;                   // per column: right-aligned
  std::vector<std::vector<std::string>> rows;  // plain text, escaped when rendered
};

std::string RenderTable(const Table& table, std::string_view caption = {},
                        std::string_view css_class = "data") {
  std::string out = fmt::format("<table class=\"{}\">", css_class);
  if (!caption.empty()) out += "<caption>" + Html(caption) + "</caption>";
  out += "<thead><tr>";
  for (std::size_t c = 0; c < table.head.size(); ++c) {
    const bool numeric = c < table.numeric.size() && table.numeric[c];
    out += fmt::format("<th{}>{}</th>", numeric ? " class=\"num\"" : "", Html(table.head[c]));
  }
  out += "</tr></thead><tbody>";
  for (const auto& row : table.rows) {
    out += "<tr>";
    for (std::size_t c = 0; c < row.size(); ++c) {
      const bool numeric = c < table.numeric.size() && table.numeric[c];
      out += fmt::format("<td{}>{}</td>", numeric ? " class=\"num\"" : "", Html(row[c]));
    }
    out += "</tr>";
  }
  return out + "</tbody></table>\n";
}

// The HTML body and the chart specs it refers to.
class Page {
 public:
  void Add(std::string_view html) { body_ += html; }

  // An empty container for a chart; the driver script embeds specs()[name] into it.
  // `caption` says in words what the chart shows (also its accessible label).
  void Chart(const std::string& name, json spec, std::string_view caption) {
    specs_[name] = std::move(spec);
    body_ += fmt::format(
        "<figure class=\"chart\"><div class=\"vega\" id=\"chart-{0}\" data-chart=\"{0}\" "
        "role=\"img\" aria-label=\"{1}\"></div><figcaption>{1}</figcaption></figure>\n",
        Html(name), Html(caption));
  }

  const std::string& body() const { return body_; }
  const json& specs() const { return specs_; }

 private:
  std::string body_;
  json specs_ = json::object();
};

void Note(Page& page, std::string_view text) {
  page.Add("<p class=\"note\">" + Html(text) + "</p>\n");
}

// ---------------------------------------------------------------------------------------
// What the report is about

struct ReportModels {
  std::vector<Result> results;
  std::vector<std::string> skipped;  // "name: why", when the models were not given
  bool defaulted = false;
};

// Runs the given models (errors propagate), or every model that applies to the scenario
// (Registry::DefaultModels) and runs.
ReportModels RunModels(const Scenario& scenario, const ReportOptions& options) {
  const Registry& registry = DefaultRegistry();
  ReportModels models;
  if (!options.models.empty()) {
    // Parse every spec before running any model, so that a typo fails fast.
    std::vector<std::unique_ptr<Model>> created;
    for (const std::string& spec : options.models) created.push_back(registry.Create(spec));
    for (const auto& model : created) models.results.push_back(model->Run(scenario));
    return models;
  }
  models.defaulted = true;
  for (const std::string& name : registry.DefaultModels(scenario)) {
    try {
      models.results.push_back(registry.Create(name)->Run(scenario));
    } catch (const InputError& error) {
      models.skipped.push_back(name + ": " + error.what());
    }
  }
  if (models.results.empty()) {
    throw InputError({scenario.source(), 0, 0}, "models",
                     "no registered model runs on this scenario");
  }
  return models;
}

std::uint64_t SensitivityRows(const Scenario& scenario, const ReportOptions& options) {
  if (options.sensitivity_rows > 0) return options.sensitivity_rows;
  return std::max<std::uint64_t>(64, options.runs / (scenario.uncertain_inputs().size() + 2));
}

// Shared context of the sections: display labels and the actor colour scale.
struct Context {
  const Scenario& scenario;
  const ReportOptions& options;
  const ReportModels& models;
  std::vector<std::string> labels;  // per actor: its name, made unique with the id if needed
  // Scenario::InputLabel ("CHN.nk-pressure.position") -> words ("China: position on
  // nk-pressure"), for readers who do not know the ids.
  std::map<std::string, std::string> input_words;
  std::optional<ErrorModel> errors;  // ReportOptions::errors, loaded once

  const std::string& InputWords(const std::string& label) const {
    const auto found = input_words.find(label);
    return found == input_words.end() ? label : found->second;
  }

  const std::string& Label(const std::string& actor_id) const {
    static const std::string unknown;
    const auto index = scenario.FindActor(actor_id);
    return index ? labels[*index] : unknown;
  }

  // The colour channel for actors: one colour per actor across every chart.
  json ActorColour(bool legend) const {
    json colour = {
        {"field", "actor"},
        {"type", "nominal"},
        {"title", "actor"},
        {"scale",
         {{"domain", labels}, {"scheme", labels.size() > 10 ? "tableau20" : "tableau10"}}}};
    if (!legend) colour["legend"] = nullptr;
    return colour;
  }

  // "0 = business as usual, 100 = full embargo including oil" (or the bare range).
  std::string ScaleTitle(const Issue& issue) const {
    if (issue.min_label.empty() && issue.max_label.empty()) {
      return fmt::format("position on the scale {} to {}", Plain(issue.scale_min),
                         Plain(issue.scale_max));
    }
    return fmt::format("{} = {}  …  {} = {}", Plain(issue.scale_min),
                       issue.min_label.empty() ? "min" : issue.min_label, Plain(issue.scale_max),
                       issue.max_label.empty() ? "max" : issue.max_label);
  }

  json ScaleAxis(const Issue& issue) const {
    return {{"field", "position"},
            {"type", "quantitative"},
            {"title", ScaleTitle(issue)},
            {"scale",
             {{"domain", {issue.scale_min, issue.scale_max}}, {"nice", false}, {"padding", 14}}}};
  }
};

std::map<std::string, std::string> InputWords(const Scenario& scenario,
                                              const std::vector<std::string>& labels) {
  std::map<std::string, std::string> words;
  for (const UncertainInput& input : scenario.uncertain_inputs()) {
    std::string text = labels[input.actor] + ": ";
    if (input.field == UncertainField::kCapability) {
      text += "capability";
    } else {
      text += (input.field == UncertainField::kPosition ? "position on " : "salience of ") +
              scenario.issue(input.issue).id;
    }
    words[scenario.InputLabel(input)] = text;
  }
  return words;
}

std::vector<std::string> ActorLabels(const Scenario& scenario) {
  std::map<std::string, int> uses;
  for (const Actor& actor : scenario.actors()) ++uses[actor.name];
  std::vector<std::string> labels;
  for (const Actor& actor : scenario.actors()) {
    if (actor.name.empty() || actor.name == actor.id) {
      labels.push_back(actor.id);
    } else if (uses[actor.name] > 1) {
      labels.push_back(actor.name + " (" + actor.id + ")");
    } else {
      labels.push_back(actor.name);
    }
  }
  return labels;
}

// A dashed rule at the issue's status quo, labelled, for layering onto position charts.
std::vector<json> StatusQuoLayers(const Issue& issue, const std::string& orient = "x") {
  if (!issue.status_quo) return {};
  const json data = {{"values", json::array({{{"status_quo", *issue.status_quo}}})}};
  const std::string other = orient == "x" ? "y" : "x";
  json rule = {{"data", data},
               {"mark", {{"type", "rule"}, {"strokeDash", {5, 4}}, {"color", "#777"}}},
               {"encoding",
                {{orient, {{"field", "status_quo"}, {"type", "quantitative"}}},
                 {"tooltip", json::array({{{"field", "status_quo"}, {"title", "status quo"}}})}}}};
  json text = {{"data", data},
               {"mark",
                {{"type", "text"},
                 {"text", "status quo"},
                 {"color", "#555"},
                 {"fontSize", 10},
                 {"align", orient == "x" ? "center" : "right"},
                 {"baseline", "bottom"},
                 {"dy", orient == "x" ? -3 : -2},
                 {other, 0}}},
               {"encoding",
                {{orient, {{"field", "status_quo"}, {"type", "quantitative"}}},
                 {"tooltip", json::array({{{"field", "status_quo"}, {"title", "status quo"}}})}}}};
  if (orient == "y") text["mark"][other] = {{"expr", "width"}};
  return {rule, text};
}

// ---------------------------------------------------------------------------------------
// Header

void WriteHeader(const Context& context, std::string& out) {
  const Scenario& scenario = context.scenario;
  const ReportOptions& options = context.options;
  out += fmt::format(
      "<header id=\"report-header\" data-input-hash=\"{}\" data-seed=\"{}\" data-runs=\"{}\" "
      "data-parley-version=\"{}\">\n",
      Html(scenario.ContentHash()), options.seed, options.runs, Html(kVersion));
  out += "<p class=\"kicker\">parley negotiation forecast</p>\n";
  out += "<h1>" + Html(scenario.name().empty() ? "Scenario" : scenario.name()) + "</h1>\n";
  if (!scenario.description().empty()) {
    out += "<p class=\"description\">" + Html(scenario.description()) + "</p>\n";
  }
  out += "<dl class=\"provenance\">\n";
  out += fmt::format(
      "<dt>Scenario</dt><dd>{}{} actors, {} issues; content hash <code "
      "class=\"hash\">{}</code></dd>\n",
      scenario.source().empty() ? "" : "<code>" + Html(scenario.source()) + "</code>: ",
      scenario.actor_count(), scenario.issue_count(), Html(scenario.ContentHash()));
  out += "<dt>Models</dt><dd><ul class=\"specs\">";
  for (const Result& result : context.models.results) {
    out += "<li><code>" + Html(result.spec) + "</code></li>";
  }
  out += "</ul>";
  if (context.models.defaulted) {
    out +=
        "<span class=\"hint\">every model that applies to the scenario and runs on it, with its "
        "defaults</span>";
  }
  out += "</dd>\n";
  out += fmt::format("<dt>Seed</dt><dd>{}</dd>\n", options.seed);
  out += fmt::format("<dt>Uncertainty</dt><dd>{}</dd>\n",
                     options.runs == 0
                         ? std::string("not analysed (no ensemble runs requested)")
                         : fmt::format("{} ensemble runs per model; {} uncertain inputs",
                                       options.runs, scenario.uncertain_inputs().size()));
  out += fmt::format(
      "<dt>Software</dt><dd>parley {}; charts by Vega {}, Vega-Lite {} and vega-embed {}, "
      "inlined in this file</dd>\n",
      Html(kVersion), Html(internal::VegaJsVersion()), Html(internal::VegaLiteJsVersion()),
      Html(internal::VegaEmbedJsVersion()));
  std::string command =
      "parley report " +
      ShellQuote(scenario.source().empty() ? std::string("SCENARIO") : scenario.source());
  if (!context.models.defaulted) {
    for (const Result& result : context.models.results) {
      command += " --model " + ShellQuote(result.spec);
    }
  }
  if (options.runs > 0) command += fmt::format(" --runs {}", options.runs);
  command += fmt::format(" --seed {}", options.seed);
  if (!options.sensitivity_model.empty()) {
    command += " --sensitivity-model " + ShellQuote(options.sensitivity_model);
  }
  command += " -o report.html";
  out += "<dt>Reproduce</dt><dd><code class=\"command\">" + Html(command) + "</code></dd>\n";
  out += "</dl>\n";
  out += R"(<nav><a href="#findings">Findings</a><a href="#section-scenario">Scenario</a>)"
         R"(<a href="#section-forecasts">Forecasts</a>)"
         R"(<a href="#section-trajectories">Trajectories</a><a href="#section-linkage">Linkage</a>)"
         R"(<a href="#section-leverage">Leverage</a><a href="#section-ensemble">Ensemble</a>)"
         R"(<a href="#section-sensitivity">Sensitivity</a></nav>)"
         "\n</header>\n";
}

// ---------------------------------------------------------------------------------------
// Findings: the brief (parley/brief.h), the page's opening answer in words

// The brief's options for the report: its seed, threads and sensitivity model, and its
// ensemble runs when given (else the brief's own default, a cheap compromise ensemble).
BriefOptions FindingsOptions(const ReportOptions& options) {
  BriefOptions brief;
  if (options.runs > 0) brief.runs = options.runs;
  brief.seed = options.seed;
  brief.threads = options.threads;
  if (!options.sensitivity_model.empty()) brief.sensitivity_model = options.sensitivity_model;
  brief.errors = options.errors;
  return brief;
}

// The outline as HTML: the title as the section's heading, parts and issues as h3 and h4,
// consecutive items as one list. Every text is escaped.
void WriteFindingsSection(const Brief& brief, Page& page) {
  page.Add("<section id=\"findings\">\n");
  bool in_list = false;
  for (const BriefBlock& block : BriefOutline(brief)) {
    if (in_list && block.kind != BriefBlock::Kind::kItem) {
      page.Add("</ul>\n");
      in_list = false;
    }
    switch (block.kind) {
      case BriefBlock::Kind::kHeading: {
        const int level = std::min(block.level + 1, 6);
        page.Add(fmt::format("<h{0}>{1}</h{0}>\n", level, Html(block.text)));
        break;
      }
      case BriefBlock::Kind::kParagraph:
        page.Add("<p>" + Html(block.text) + "</p>\n");
        break;
      case BriefBlock::Kind::kItem:
        if (!in_list) page.Add("<ul>\n");
        in_list = true;
        page.Add("<li>" + Html(block.text) + "</li>\n");
        break;
    }
  }
  if (in_list) page.Add("</ul>\n");
  page.Add("</section>\n");
}

// ---------------------------------------------------------------------------------------
// Scenario

json PositionChart(const Context& context, std::size_t k) {
  const Scenario& scenario = context.scenario;
  const Issue& issue = scenario.issue(k);
  json values = json::array();
  for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
    const Stance* stance = scenario.stance(a, k);
    if (stance == nullptr) continue;
    json row = {{"actor", context.labels[a]},
                {"id", scenario.actor(a).id},
                {"position", stance->position},
                {"salience", stance->salience},
                {"weight", scenario.Capability(a, k)}};
    const UncertainInput* position = scenario.FindUncertainInput(UncertainField::kPosition, a, k);
    if (position != nullptr && !position->from_noise) {
      // The middle 90% of the distribution, drawn as a whisker.
      row["low"] = InverseCdf(position->distribution, 0.05);
      row["high"] = InverseCdf(position->distribution, 0.95);
      row["uncertainty"] = position->distribution.ToString();
    }
    values.push_back(row);
  }
  const json y = {{"field", "actor"},
                  {"type", "nominal"},
                  {"sort", nullptr},
                  {"title", nullptr},
                  {"axis", {{"labelLimit", 180}}}};
  const json tooltip =
      json::array({{{"field", "actor"}},
                   {{"field", "id"}, {"title", "id"}},
                   {{"field", "position"}, {"format", ".1f"}},
                   {{"field", "salience"}, {"format", ".2f"}},
                   {{"field", "weight"}, {"title", "capability"}, {"format", ".3g"}},
                   {{"field", "uncertainty"}, {"title", "uncertain"}}});
  json layers = json::array();
  for (json& layer : StatusQuoLayers(issue)) layers.push_back(std::move(layer));
  layers.push_back(
      {{"transform", json::array({{{"filter", "isValid(datum.low)"}}})},
       {"mark", {{"type", "rule"}, {"strokeWidth", 2}, {"opacity", 0.5}}},
       {"encoding",
        {{"x", {{"field", "low"}, {"type", "quantitative"}}},
         {"x2", {{"field", "high"}}},
         {"y", y},
         {"color", context.ActorColour(false)},
         {"tooltip",
          json::array({{{"field", "actor"}},
                       {{"field", "uncertainty"}, {"title", "position ~"}},
                       {{"field", "low"}, {"title", "5th percentile"}, {"format", ".1f"}},
                       {{"field", "high"}, {"title", "95th percentile"}, {"format", ".1f"}}})}}}});
  layers.push_back(
      {{"mark", {{"type", "circle"}, {"opacity", 0.9}, {"stroke", "white"}, {"strokeWidth", 1}}},
       {"encoding",
        {{"x", context.ScaleAxis(issue)},
         {"y", y},
         {"size",
          {{"field", "salience"},
           {"type", "quantitative"},
           {"scale", {{"domain", {0, 1}}, {"range", {15, 500}}}},
           {"legend", {{"title", "salience"}, {"values", {0.2, 0.5, 1}}, {"format", ".1f"}}}}},
         {"color", context.ActorColour(false)},
         {"tooltip", tooltip}}}});
  layers.push_back({{"mark", {{"type", "text"}, {"dy", -12}, {"fontSize", 10}, {"color", "#333"}}},
                    {"encoding",
                     {{"x", {{"field", "position"}, {"type", "quantitative"}}},
                      {"y", y},
                      {"text", {{"field", "position"}, {"format", ".0f"}}},
                      {"tooltip", tooltip}}}});
  return {{"title",
           {{"text", "Positions and saliences"},
            {"subtitle",
             "circle size = salience; a line spans the middle 90% of an uncertain position"}}},
          {"width", 460},
          {"height", {{"step", 30}}},
          {"data", {{"values", values}}},
          {"layer", layers}};
}

void WriteScenarioSection(const Context& context, Page& page) {
  const Scenario& scenario = context.scenario;
  page.Add("<section id=\"section-scenario\">\n<h2>Scenario</h2>\n");
  page.Add(
      "<p class=\"lede\">Who bargains, over what, from where. Each actor has a capability "
      "(only ratios matter) and, on each issue it takes part in, a position on the issue's "
      "scale and a salience between 0 and 1: the share of its attention the issue gets.</p>\n");

  auto uncertain_text = [&](std::size_t actor, std::size_t issue, UncertainField field) {
    const UncertainInput* input = scenario.FindUncertainInput(field, actor, issue);
    return input && !input->from_noise ? input->distribution.ToString() : std::string();
  };

  Table actors{{"id", "actor", "capability", "uncertain"}, {false, false, true, false}};
  for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
    const Actor& actor = scenario.actor(a);
    actors.rows.push_back(
        {actor.id, actor.name, fmt::format("{:.4g}", actor.capability),
         uncertain_text(a, UncertainInput::kNoIssue, UncertainField::kCapability)});
  }
  page.Add("<h3>Actors</h3>\n" + RenderTable(actors));

  Table issues{{"id", "issue", "scale", "low end", "high end", "status quo"},
               {false, false, false, false, false, true}};
  for (const Issue& issue : scenario.issues()) {
    issues.rows.push_back(
        {issue.id, issue.name, Plain(issue.scale_min) + " to " + Plain(issue.scale_max),
         issue.min_label, issue.max_label, issue.status_quo ? Plain(*issue.status_quo) : "none"});
  }
  page.Add("<h3>Issues</h3>\n" + RenderTable(issues));
  if (scenario.relative_noise() > 0) {
    Note(page, fmt::format("Uncertainty: the numbers given a distribution (column \"uncertain\") "
                           "are drawn from it in the ensemble; every other number gets normal "
                           "noise with sd = {}% of its range.",
                           Plain(100 * scenario.relative_noise())));
  }

  page.Add("<h3>Positions and saliences</h3>\n");
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    const Issue& issue = scenario.issue(k);
    page.Add(fmt::format("<div class=\"issue-block\"><h4>{} <span class=\"id\">{}</span></h4>\n",
                         Html(issue.name), Html(issue.id)));
    page.Add("<div class=\"side-by-side\">");
    Table stances{{"actor", "position", "salience", "weight on this issue", "uncertain"},
                  {false, true, true, true, false}};
    for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
      const Stance* stance = scenario.stance(a, k);
      if (stance == nullptr) continue;
      std::string uncertain;
      for (UncertainField field : {UncertainField::kPosition, UncertainField::kSalience}) {
        const std::string text = uncertain_text(a, k, field);
        if (text.empty()) continue;
        if (!uncertain.empty()) uncertain += "; ";
        uncertain += (field == UncertainField::kPosition ? "position " : "salience ") + text;
      }
      stances.rows.push_back({context.labels[a], Fixed(stance->position, 1),
                              Fixed(stance->salience, 2),
                              fmt::format("{:.3g}", scenario.Capability(a, k)), uncertain});
    }
    page.Add(RenderTable(stances));
    page.Chart(fmt::format("positions-{}", k), PositionChart(context, k),
               fmt::format("Positions on {}: one circle per actor, sized by salience{}; hover "
                           "for details.",
                           issue.id, issue.status_quo ? "; dashed line: status quo" : ""));
    page.Add("</div></div>\n");
  }
  page.Add("</section>\n");
}

// ---------------------------------------------------------------------------------------
// Forecasts

json ForecastChart(const Context& context, std::size_t k) {
  const Scenario& scenario = context.scenario;
  const Issue& issue = scenario.issue(k);
  const std::string actors_row = "actors' positions";
  json rows = json::array({actors_row});
  json forecasts = json::array();
  for (const Result& result : context.models.results) {
    rows.push_back(result.model);
    forecasts.push_back(
        {{"row", result.model},
         {"model", result.model},
         {"position", result.forecasts[k].position},
         {"spec", result.spec},
         {"near_max", result.forecasts[k].position > issue.scale_max - 0.15 * issue.range()}});
  }
  json positions = json::array();
  for (std::size_t a = 0; a < scenario.actor_count(); ++a) {
    if (const Stance* stance = scenario.stance(a, k)) {
      positions.push_back({{"row", actors_row},
                           {"actor", context.labels[a]},
                           {"position", stance->position},
                           {"salience", stance->salience}});
    }
  }
  const json forecast_tooltip =
      json::array({{{"field", "model"}},
                   {{"field", "position"}, {"title", "forecast"}, {"format", ".1f"}},
                   {{"field", "spec"}}});
  const json y = {{"field", "row"},
                  {"type", "nominal"},
                  {"sort", nullptr},
                  {"scale", {{"domain", rows}}},
                  {"title", nullptr}};
  json layers = json::array();
  for (json& layer : StatusQuoLayers(issue)) layers.push_back(std::move(layer));
  layers.push_back({{"data", {{"values", positions}}},
                    {"mark",
                     {{"type", "point"},
                      {"shape", "triangle-down"},
                      {"filled", true},
                      {"size", 110},
                      {"opacity", 0.9}}},
                    {"encoding",
                     {{"x", context.ScaleAxis(issue)},
                      {"y", y},
                      {"color", context.ActorColour(true)},
                      {"tooltip", json::array({{{"field", "actor"}},
                                               {{"field", "position"}, {"format", ".1f"}},
                                               {{"field", "salience"}, {"format", ".2f"}}})}}}});
  layers.push_back({{"data", {{"values", forecasts}}},
                    {"mark",
                     {{"type", "point"},
                      {"shape", "diamond"},
                      {"filled", true},
                      {"size", 130},
                      {"color", "#222"}}},
                    {"encoding",
                     {{"x", {{"field", "position"}, {"type", "quantitative"}}},
                      {"y", y},
                      {"tooltip", forecast_tooltip}}}});
  // Value labels beside the diamonds; on the left near the scale's top end, so that they
  // stay inside the plot.
  for (const bool near_max : {false, true}) {
    layers.push_back(
        {{"data", {{"values", forecasts}}},
         {"transform",
          json::array({{{"filter", near_max ? "datum.near_max" : "!datum.near_max"}}})},
         {"mark",
          {{"type", "text"},
           {"dx", near_max ? -9 : 9},
           {"align", near_max ? "right" : "left"},
           {"fontSize", 10}}},
         {"encoding",
          {{"x", {{"field", "position"}, {"type", "quantitative"}}},
           {"y", y},
           {"text", {{"field", "position"}, {"format", ".1f"}}},
           {"tooltip", forecast_tooltip}}}});
  }
  return {
      {"title",
       {{"text", issue.name.empty() ? issue.id : issue.name},
        {"subtitle", "each model's forecast (diamonds) and the actors' positions (triangles)"}}},
      {"width", 370},
      {"height", {{"step", 24}}},
      {"layer", layers}};
}

void WriteForecastSection(const Context& context, Page& page) {
  const Scenario& scenario = context.scenario;
  page.Add("<section id=\"section-forecasts\">\n<h2>Forecasts</h2>\n");
  page.Add(
      "<p class=\"lede\">Where each model expects every issue to settle, on the issue's own "
      "scale. The models answer the same question from different theories of bargaining; "
      "where they agree, the forecast is robust to the choice of theory.</p>\n");
  const bool any_decision = scenario.HasDecisions();
  Table table;
  table.head = {"issue", "status quo"};
  table.numeric = {false, true};
  if (any_decision) {
    table.head.push_back("decided by");
    table.numeric.push_back(false);
  }
  for (const Result& result : context.models.results) {
    table.head.push_back(result.model);
    table.numeric.push_back(true);
  }
  Table bargained = table;  // the same columns: the forecasts before the decision stage
  bargained.rows.clear();
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    const Issue& issue = scenario.issue(k);
    std::vector<std::string> row = {issue.name.empty() ? issue.id : issue.name,
                                    issue.status_quo ? Fixed(*issue.status_quo, 1) : "-"};
    if (any_decision) row.push_back(DescribeDecision(issue));
    std::vector<std::string> before = row;
    for (const Result& result : context.models.results) {
      row.push_back(Fixed(result.forecasts[k].position, 1));
      const auto& stage = result.forecasts[k].bargained;
      before.push_back(stage ? Fixed(*stage, 1) : "-");
    }
    table.rows.push_back(row);
    if (issue.decision) bargained.rows.push_back(before);
  }
  page.Add(RenderTable(table));
  if (!bargained.rows.empty()) {
    page.Add(
        "<p class=\"note\">Before the decision stage: what each model's bargaining alone gives, "
        "every actor's capability and salience weighing in, before the issue's decision rule "
        "(decider, vote, veto players, agenda setter) is applied.</p>\n");
    page.Add(RenderTable(bargained));
  }
  if (!context.models.skipped.empty()) {
    std::string skipped;
    for (const std::string& text : context.models.skipped) skipped += "<li>" + Html(text) + "</li>";
    page.Add("<p class=\"note\">Models that do not run on this scenario:</p><ul class=\"note\">" +
             skipped + "</ul>\n");
  }
  page.Add("<div class=\"grid\">\n");
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    page.Chart(fmt::format("forecast-{}", k), ForecastChart(context, k),
               fmt::format("Forecasts for {}: diamonds are the models' forecasts, triangles the "
                           "actors' positions{}.",
                           scenario.issue(k).id,
                           scenario.issue(k).status_quo ? ", the dashed line the status quo" : ""));
  }
  page.Add("</div>\n");
  Table specs{{"model", "resolved spec"}, {false, false}};
  for (const Result& result : context.models.results)
    specs.rows.push_back({result.model, result.spec});
  page.Add("<details><summary>Resolved model specs</summary>" +
           RenderTable(specs, {}, "data specs") + "</details>\n</section>\n");
}

// ---------------------------------------------------------------------------------------
// Trajectories

json TrajectoryChart(const Context& context, const Result& result, std::size_t k) {
  const Issue& issue = context.scenario.issue(k);
  json values = json::array();
  int last_round = 0;
  for (const ActorRound& round : result.trajectory) {
    if (round.issue_id != issue.id) continue;
    // smp carries every actor on every dimension (those without a stance at salience 0);
    // only the issue's participants are drawn.
    const std::optional<std::size_t> actor = context.scenario.FindActor(round.actor_id);
    if (actor && context.scenario.stance(*actor, k) == nullptr) continue;
    values.push_back({{"round", round.round},
                      {"actor", context.Label(round.actor_id)},
                      {"position", round.position},
                      {"risk", round.risk}});
    last_round = std::max(last_round, round.round);
  }
  const double forecast = result.forecasts[k].position;
  json layers = json::array();
  layers.push_back(
      {{"params", json::array({{{"name", "zoom"}, {"select", "interval"}, {"bind", "scales"}}})},
       {"mark", {{"type", "line"}, {"point", {{"size", 28}}}, {"strokeWidth", 2}}},
       {"encoding",
        {{"x",
          {{"field", "round"},
           {"type", "quantitative"},
           {"title", "round"},
           {"axis", {{"tickMinStep", 1}, {"format", "d"}}},
           {"scale", {{"domain", {0, std::max(1, last_round)}}}}}},
         {"y",
          {{"field", "position"},
           {"type", "quantitative"},
           {"title", "position"},
           {"scale", {{"domain", {issue.scale_min, issue.scale_max}}, {"nice", false}}}}},
         {"color", context.ActorColour(true)},
         {"tooltip",
          json::array({{{"field", "actor"}},
                       {{"field", "round"}},
                       {{"field", "position"}, {"format", ".2f"}},
                       {{"field", "risk"}, {"title", "risk exponent"}, {"format", ".3f"}}})}}}});
  for (json& layer : StatusQuoLayers(issue, "y")) layers.push_back(std::move(layer));
  const json forecast_data = {{"values", json::array({{{"forecast", forecast}}})}};
  layers.push_back({{"data", forecast_data},
                    {"mark", {{"type", "rule"}, {"color", "#222"}, {"strokeWidth", 1.5}}},
                    {"encoding",
                     {{"y", {{"field", "forecast"}, {"type", "quantitative"}}},
                      {"tooltip", json::array({{{"field", "forecast"}, {"format", ".2f"}}})}}}});
  // The label sits above the line, or below it when the line is at the top of the plot.
  const bool near_top = forecast > issue.scale_max - 0.08 * issue.range();
  layers.push_back({{"data", forecast_data},
                    {"mark",
                     {{"type", "text"},
                      {"align", "left"},
                      {"baseline", near_top ? "top" : "bottom"},
                      {"dy", near_top ? 3 : -2},
                      {"x", 2},
                      {"fontSize", 10},
                      {"color", "#222"}}},
                    {"encoding",
                     {{"y", {{"field", "forecast"}, {"type", "quantitative"}}},
                      {"text", {{"value", fmt::format("forecast {}", Fixed(forecast, 1))}}},
                      {"tooltip", json::array({{{"field", "forecast"}, {"format", ".2f"}}})}}}});
  return {{"title",
           {{"text", issue.name.empty() ? issue.id : issue.name},
            {"subtitle", json::array({result.model + ": each actor's position by round",
                                      context.ScaleTitle(issue)})}}},
          {"width", 370},
          {"height", 250},
          {"data", {{"values", values}}},
          {"layer", layers}};
}

void WriteTrajectorySection(const Context& context, Page& page) {
  const Scenario& scenario = context.scenario;
  page.Add("<section id=\"section-trajectories\">\n<h2>Trajectories</h2>\n");
  page.Add(
      "<p class=\"lede\">The iterative models reach their forecast round by round: actors "
      "challenge, compromise, capitulate or trade. Each line is one actor's position after "
      "each round (round 0: the positions in the scenario); the solid black line is the "
      "model's forecast. Drag a chart to pan, scroll to zoom, double-click to reset.</p>\n");
  bool any = false;
  for (const Result& result : context.models.results) {
    if (result.trajectory.empty()) continue;
    any = true;
    int rounds = 0;
    for (const ActorRound& round : result.trajectory) rounds = std::max(rounds, round.round);
    page.Add(fmt::format("<h3>{}</h3>\n<p class=\"spec\"><code>{}</code></p>\n", Html(result.model),
                         Html(result.spec)));
    std::string summary = fmt::format("{} round{}", rounds, rounds == 1 ? "" : "s");
    if (!result.moves.empty()) summary += fmt::format(", {} moves", result.moves.size());
    if (!result.exchanges.empty()) {
      summary += fmt::format(", {} exchanges realised", result.exchanges.size());
    }
    if (!result.moves.empty() || !result.exchanges.empty()) {
      summary += " (listed by parley run --moves / --exchanges)";
    }
    Note(page, summary + ".");
    page.Add("<div class=\"grid\">\n");
    for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
      page.Chart(fmt::format("trajectory-{}-{}", result.model, k),
                 TrajectoryChart(context, result, k),
                 fmt::format("{}: positions on {} by round.", result.model, scenario.issue(k).id));
    }
    page.Add("</div>\n");
  }
  if (!any) Note(page, "None of the models is iterative (eum, exchange and smp are).");
  page.Add("</section>\n");
}

// ---------------------------------------------------------------------------------------
// Linkage

json GainsChart(const Context& context, const LinkageComparison& comparison) {
  json values = json::array();
  for (const ActorGain& gain : comparison.actors) {
    const std::string& label = context.Label(gain.actor_id);
    values.push_back(
        {{"actor", label}, {"bargaining", "issues separately"}, {"gain", gain.separate}});
    values.push_back({{"actor", label}, {"bargaining", "issues linked"}, {"gain", gain.linked}});
  }
  const json order = json::array({"issues separately", "issues linked"});
  return {
      {"title",
       {{"text", "Who gains from linking the issues"},
        {"subtitle", "utility gain over the status quo: " +
                         comparison.separate_spec.substr(0, comparison.separate_spec.find('(')) +
                         " separately vs " +
                         comparison.linked_spec.substr(0, comparison.linked_spec.find('('))}}},
      {"width", 460},
      {"height", {{"step", 14}}},
      {"data", {{"values", values}}},
      {"mark", {{"type", "bar"}}},
      {"encoding",
       {{"y", {{"field", "actor"}, {"type", "nominal"}, {"sort", nullptr}, {"title", nullptr}}},
        {"yOffset", {{"field", "bargaining"}, {"sort", order}}},
        {"x",
         {{"field", "gain"},
          {"type", "quantitative"},
          {"title", "utility gain over the status quo"}}},
        {"color",
         {{"field", "bargaining"},
          {"type", "nominal"},
          {"title", nullptr},
          {"sort", order},
          {"scale", {{"domain", order}, {"range", {"#9ecae9", "#2b6ca3"}}}},
          {"legend", {{"orient", "top"}}}}},
        {"tooltip", json::array({{{"field", "actor"}},
                                 {{"field", "bargaining"}},
                                 {{"field", "gain"}, {"format", ".3f"}}})}}}};
}

std::string ForecastText(const std::vector<IssueForecast>& list, const std::string& issue) {
  for (const IssueForecast& forecast : list) {
    if (forecast.issue_id == issue) return Fixed(forecast.position, 1);
  }
  return "-";
}

// Offers between deciders (parley/linkage.h): one row per package, then agenda changes and
// the slippery slope, as `parley linkage` leads with them.
void WriteDeciderOffers(const Context& context, const DeciderLinkage& deciders, Page& page) {
  page.Add(fmt::format(
      "<h3>Offers between deciders</h3>\n<p>Each decider decides its own issues; an offer is "
      "\"I move mine if you move yours\". The others are affected, not asked. Nash agreement "
      "with capability weights on quadratic utility; no agreement = each decides alone. {}</p>\n",
      deciders.discount_factor
          ? fmt::format("Promises are judged at the scenario's discount factor, {:.2f}.",
                        *deciders.discount_factor)
          : std::string("The scenario gives no discount factor.")));
  auto list = [](const DeciderOffer& offer, const std::vector<double>& values) {
    std::vector<std::string> parts;
    for (std::size_t k = 0; k < offer.issues.size(); ++k) {
      parts.push_back(fmt::format("{} {}", offer.issues[k], Fixed(values[k], 1)));
    }
    return fmt::format("{}", fmt::join(parts, ", "));
  };
  Table offers{{"package", "no agreement", "agreement", "gains",
                "promise holds for delta >=", "first mover", "if the other reneges", "others"},
               {false, false, false, false, false, false, false, false}};
  for (const DeciderOffer& offer : deciders.offers) {
    std::vector<std::string> mine, yours;
    for (std::size_t k = 0; k < offer.issues.size(); ++k) {
      (offer.decided_by[k] == offer.decider_a ? mine : yours).push_back(offer.issues[k]);
    }
    std::vector<std::string> row = {
        fmt::format("{} ({}) for {} ({})", fmt::join(mine, " + "), context.Label(offer.decider_a),
                    fmt::join(yours, " + "), context.Label(offer.decider_b)),
        list(offer, offer.no_agreement)};
    if (!offer.exists) {
      row.insert(row.end(), {"none both prefer to deciding alone", "", "", "", "", ""});
      offers.rows.push_back(row);
      continue;
    }
    auto holds = [](double critical, const std::optional<bool>& verdict) {
      return Fixed(critical, 2) + (!verdict ? "" : (*verdict ? " (holds)" : " (does not hold)"));
    };
    std::vector<std::string> others;
    for (std::size_t i = 2; i < offer.actors.size(); ++i) {
      others.push_back(offer.actors[i].actor_id + " " + Signed(offer.actors[i].agreement, 3));
    }
    row.push_back(list(offer, offer.nash));
    row.push_back(fmt::format("{} {}, {} {}", offer.decider_a, Signed(offer.gain_a, 3),
                              offer.decider_b, Signed(offer.gain_b, 3)));
    row.push_back(fmt::format("{}: {}; {}: {}", offer.decider_a,
                              holds(offer.critical_a, offer.holds_a), offer.decider_b,
                              holds(offer.critical_b, offer.holds_b)));
    row.push_back(offer.first_mover);
    row.push_back(list(offer, offer.reneged));
    row.push_back(fmt::format("{}", fmt::join(others, ", ")));
    offers.rows.push_back(row);
  }
  page.Add(RenderTable(offers, {}, "data"));
  std::string items;
  for (const DeciderAgendaChange& change : deciders.agenda) {
    items += "<li>" + Html(DescribeAgendaChange(change)) + "</li>";
  }
  for (const SlipperySlope& slope : deciders.slopes) {
    items += "<li>" + Html("Slippery slope. " + DescribeSlope(slope)) + "</li>";
  }
  for (const DeciderPartyChange& party : deciders.parties) {
    for (const DeciderPartyChange::Package& package : party.packages) {
      items += "<li>" + Html(DescribePartyPackage(party.dropped, package)) + "</li>";
    }
    for (const SlipperySlope& slope : party.slopes) {
      items += "<li>" + Html(fmt::format("Without {}: {}", party.dropped, DescribeSlope(slope))) +
               "</li>";
    }
  }
  for (const std::string& note : deciders.notes) items += "<li>" + Html(note) + "</li>";
  if (!items.empty()) page.Add("<ul class=\"note\">" + items + "</ul>\n");
  page.Add(
      "<p>The committee view follows: every actor bargains on every issue, whoever "
      "decides it.</p>\n");
}

void WriteLinkageSection(const Context& context, Page& page) {
  const Scenario& scenario = context.scenario;
  page.Add("<section id=\"section-linkage\">\n<h2>Linkage</h2>\n");
  page.Add(
      "<p class=\"lede\">Does bargaining the issues as one package pay, for whom, and at what "
      "price? The same analysis as <code>parley linkage</code>: linked vs separate bargaining, "
      "the deals that benefit both sides, what adding each issue does, and what it takes to "
      "enforce cooperation.</p>\n");
  LinkageReport report;
  try {
    report = AnalyzeLinkage(scenario, LinkageOptions{});
  } catch (const InputError& error) {
    Note(page,
         std::string("The linkage analysis does not apply to this scenario: ") + error.what());
    page.Add("</section>\n");
    return;
  }

  if (report.deciders) WriteDeciderOffers(context, *report.deciders, page);

  page.Add(
      fmt::format("<h3>1. Linked vs separate</h3>\n<p>Actor utilities are {} (as a share "
                  "of each issue's range, weighted by salience).</p>\n",
                  Html(report.utility)));
  for (std::size_t c = 0; c < report.comparisons.size(); ++c) {
    const LinkageComparison& comparison = report.comparisons[c];
    page.Add(
        fmt::format("<p class=\"spec\">separate: <code>{}</code><br>linked: <code>{}</code></p>\n",
                    Html(comparison.separate_spec), Html(comparison.linked_spec)));
    page.Add("<div class=\"side-by-side\">");
    Table issues{{"issue", "separate", "linked", "change"}, {false, true, true, true}};
    for (std::size_t k = 0; k < comparison.separate.size() && k < comparison.linked.size(); ++k) {
      const double separate = comparison.separate[k].position;
      const double linked = comparison.linked[k].position;
      issues.rows.push_back({comparison.separate[k].issue_id, Fixed(separate, 1), Fixed(linked, 1),
                             Signed(linked - separate, 1)});
    }
    Table actors{{"actor", "separate", "linked", "change", ""}, {false, true, true, true, false}};
    for (const ActorGain& gain : comparison.actors) {
      const double change = gain.linked - gain.separate;
      actors.rows.push_back({context.Label(gain.actor_id), Fixed(gain.separate, 3),
                             Fixed(gain.linked, 3), Signed(change, 3),
                             change > 1e-6    ? "gains from linkage"
                             : change < -1e-6 ? "loses from linkage"
                                              : ""});
    }
    page.Add("<div>" + RenderTable(issues, "forecasts") +
             RenderTable(actors, "utility gain over the status quo") + "</div>");
    page.Chart(fmt::format("linkage-gains-{}", c), GainsChart(context, comparison),
               "Each actor's utility gain over the status quo when the issues are bargained "
               "separately and when they are linked.");
    page.Add("</div>\n");
  }

  page.Add(fmt::format(
      "<h3>2. Deals</h3>\n<p>Trades that benefit both sides because the two actors weigh the "
      "issues differently (Tollison &amp; Willett 1979), at the equal-gain rate (Stokman &amp; "
      "Van Oosten 1994); linear utility. {} found{}.</p>\n",
      report.deals.size(),
      report.deals.size() > context.options.max_deals
          ? fmt::format(", the {} with the largest joint gain shown (all of them in parley "
                        "linkage --format csv)",
                        context.options.max_deals)
          : ""));
  if (!report.deals.empty()) {
    Table deals{{"#", "gives way", "on", "moving to (by)", "in return", "on", "moving to (by)",
                 "acceptable rates", "equal-gain rate", "gain each"},
                {true, false, false, true, false, false, true, true, true, true}};
    for (std::size_t d = 0; d < report.deals.size() && d < context.options.max_deals; ++d) {
      const Deal& deal = report.deals[d];
      deals.rows.push_back(
          {std::to_string(d + 1), context.Label(deal.actor_i), deal.issue_i,
           fmt::format("{} ({})", Fixed(deal.target_i, 1), Fixed(deal.move_i, 1)),
           context.Label(deal.actor_j), deal.issue_j,
           fmt::format("{} ({})", Fixed(deal.target_j, 1), Fixed(deal.move_j, 1)),
           fmt::format("{} to {}", Fixed(deal.rate_min, 2), Fixed(deal.rate_max, 2)),
           Fixed(deal.rate_equal, 2), Fixed(deal.gain_i, 3)});
    }
    page.Add(RenderTable(deals, {}, "data nowrap"));
    Note(page,
         "Rates are in points of the first issue given up per point of the second: any rate in "
         "the acceptable range leaves both sides better off. Gains are in utility (share of "
         "the scale, weighted by salience).");
  }

  page.Add(
      "<h3>3. Agenda changes</h3>\n<p>The Nash bargaining solution over all issues before and "
      "after each change, and whether some agreement still beats the status quo for every "
      "actor (Sebenius 1983). By default each issue in turn is \"added last\".</p>\n");
  page.Add("<div class=\"grid\">\n");
  for (const AgendaOutcome& change : report.agenda) {
    page.Add(fmt::format(
        "<div class=\"agenda\"><h4>{}</h4>\n<p>An agreement better than the status quo for "
        "every actor: {} &rarr; {}</p>\n<div class=\"side-by-side\">",
        Html(change.description), change.agreement_before ? "exists" : "none",
        change.agreement_after ? "exists" : "none"));
    std::vector<std::string> issue_ids;
    for (const auto* list : {&change.after, &change.before}) {
      for (const IssueForecast& forecast : *list) {
        if (std::find(issue_ids.begin(), issue_ids.end(), forecast.issue_id) == issue_ids.end()) {
          issue_ids.push_back(forecast.issue_id);
        }
      }
    }
    Table issues{{"issue", "before", "after"}, {false, true, true}};
    for (const std::string& id : issue_ids) {
      issues.rows.push_back({id, ForecastText(change.before, id), ForecastText(change.after, id)});
    }
    Table actors{{"actor", "before", "after", "change"}, {false, true, true, true}};
    for (const ActorChange& actor : change.actors) {
      actors.rows.push_back(
          {context.Label(actor.actor_id), actor.before ? Fixed(*actor.before, 3) : "-",
           actor.after ? Fixed(*actor.after, 3) : "-",
           actor.before && actor.after ? Signed(*actor.after - *actor.before, 3) : ""});
    }
    page.Add(RenderTable(issues, "forecasts") +
             RenderTable(actors, "utility gain over the status quo") + "</div></div>\n");
  }
  page.Add("</div>\n");

  page.Add("<h3>4. Enforcement</h3>\n");
  if (!report.enforcement) {
    Note(page, "Not analysed: the scenario gives no repeated-game payoffs.");
  } else {
    const Enforcement& enforcement = *report.enforcement;
    page.Add(
        "<p>Critical discount factors for cooperation under grim-trigger strategies: "
        "cooperation holds when the actors value the future at least this much (Bernheim "
        "&amp; Whinston 1990; Spagnolo 1999). Lower is easier.</p>\n");
    Table table{{"issues", "cooperation needs delta at least", "by actor"}, {false, true, false}};
    auto by_actor = [&](const std::vector<std::pair<std::string, double>>& list) {
      std::string text;
      for (const auto& [actor, critical] : list) {
        text += (text.empty() ? "" : ", ") + actor + " " + Fixed(critical, 3);
      }
      return text;
    };
    for (const IssueEnforcement& issue : enforcement.issues) {
      table.rows.push_back(
          {issue.issue_id + " alone", Fixed(issue.critical, 3), by_actor(issue.actor_critical)});
    }
    table.rows.push_back(
        {"every issue, each enforced alone", Fixed(enforcement.separate_critical, 3), ""});
    table.rows.push_back({"every issue, linked", Fixed(enforcement.linked_critical, 3),
                          by_actor(enforcement.actor_linked)});
    page.Add(RenderTable(table));
  }
  // The analysis notes what it left out; part 4 is said above already.
  for (const std::string& note : report.notes) {
    if (report.enforcement || note.find("part 4") == std::string::npos) Note(page, note);
  }
  page.Add("</section>\n");
}

// ---------------------------------------------------------------------------------------
// Leverage

json LeverageChart(const Context& context) {
  json values = json::array();
  const bool several_issues = [&] {
    std::set<std::string> issues;
    for (const CapabilityDerivation& d : context.scenario.derivations()) issues.insert(d.issue_id);
    return issues.size() > 1;
  }();
  for (const CapabilityDerivation& d : context.scenario.derivations()) {
    const std::string row =
        context.Label(d.actor_id) + (several_issues ? " on " + d.issue_id : std::string());
    const json common = {{"row", row},
                         {"actor", context.Label(d.actor_id)},
                         {"issue", d.issue_id},
                         {"weight", d.capability},
                         {"inputs", d.inputs}};
    json from_capability = common;
    from_capability["part"] = "from capability";
    from_capability["value"] = (1 - d.leverage_weight) * d.capability_share;
    json from_trade = common;
    from_trade["part"] = "from trade";
    from_trade["value"] = d.leverage_weight * d.trade_share;
    values.push_back(from_capability);
    values.push_back(from_trade);
  }
  const json order = json::array({"from capability", "from trade"});
  return {{"title",
           {{"text", "Capabilities derived from trade"},
            {"subtitle", "weight = (1 - beta) capability share + beta trade share"}}},
          {"width", 460},
          {"height", {{"step", 26}}},
          {"data", {{"values", values}}},
          {"mark", {{"type", "bar"}}},
          {"encoding",
           {{"y", {{"field", "row"}, {"type", "nominal"}, {"sort", nullptr}, {"title", nullptr}}},
            {"x",
             {{"aggregate", "sum"},
              {"field", "value"},
              {"type", "quantitative"},
              {"title", "derived weight on the issue (share of the participants' total)"}}},
            {"color",
             {{"field", "part"},
              {"type", "nominal"},
              {"title", nullptr},
              {"sort", order},
              {"scale", {{"domain", order}, {"range", {"#bbbbbb", "#e07b39"}}}},
              {"legend", {{"orient", "top"}}}}},
            {"order", {{"field", "part"}, {"sort", "ascending"}}},
            {"tooltip",
             json::array({{{"field", "actor"}},
                          {{"field", "issue"}},
                          {{"field", "part"}},
                          {{"field", "value"}, {"title", "share"}, {"format", ".3f"}},
                          {{"field", "weight"}, {"title", "derived weight"}, {"format", ".3f"}},
                          {{"field", "inputs"}}})}}}};
}

void WriteLeverageSection(const Context& context, Page& page) {
  const Scenario& scenario = context.scenario;
  page.Add("<section id=\"section-leverage\">\n<h2>Leverage</h2>\n");
  if (scenario.derivations().empty()) {
    Note(page,
         "No capability in this scenario is derived from trade data (a scenario's trade and "
         "leverage sections do that; see docs/scenario-format.md).");
    page.Add("</section>\n");
    return;
  }
  page.Add(
      "<p class=\"lede\">Economic leverage: on the issues below, an actor's weight is derived "
      "from the share of the issue's targets' trade that runs through it, as well as from its "
      "capability. Models that weigh actors issue by issue use these weights.</p>\n");
  Table table{{"actor", "issue", "year", "capability share", "trade share", "beta",
               "derived weight", "trade inputs"},
              {false, false, true, true, true, true, true, false}};
  for (const CapabilityDerivation& d : scenario.derivations()) {
    table.rows.push_back({context.Label(d.actor_id), d.issue_id, std::to_string(d.year),
                          Fixed(d.capability_share, 3), Fixed(d.trade_share, 3),
                          Fixed(d.leverage_weight, 2), Fixed(d.capability, 3), d.inputs});
  }
  page.Add(RenderTable(table));
  page.Chart("leverage", LeverageChart(context),
             "Each actor's derived weight on the issue, split into the part from its "
             "capability and the part from trade.");
  page.Add("<details><summary>As printed by parley check</summary><pre>" +
           Html(DerivationsToText(scenario)) + "</pre></details>\n</section>\n");
}

// ---------------------------------------------------------------------------------------
// Ensemble

json HistogramChart(const Context& context, const EnsembleResult& ensemble, std::size_t k) {
  const Issue& issue = context.scenario.issue(k);
  json values = json::array();
  json models = json::array();
  const double width = issue.range() / static_cast<double>(kHistogramBins);
  for (const ModelSummary& model : ensemble.models) {
    models.push_back(model.model);
    const IssueSummary& summary = model.issues[k];
    for (std::size_t b = 0; b < summary.histogram.size(); ++b) {
      const double start = issue.scale_min + width * static_cast<double>(b);
      values.push_back({{"kind", "bin"},
                        {"model", model.model},
                        {"bin_start", start},
                        {"bin_end", start + width},
                        {"share", static_cast<double>(summary.histogram[b]) /
                                      static_cast<double>(ensemble.runs)}});
    }
    values.push_back({{"kind", "stat"},
                      {"model", model.model},
                      {"p5", summary.quantiles[0]},
                      {"median", summary.quantiles[2]},
                      {"p95", summary.quantiles[4]},
                      {"mean", summary.mean}});
  }
  const json stat_tooltip =
      json::array({{{"field", "model"}},
                   {{"field", "p5"}, {"title", "5th percentile"}, {"format", ".1f"}},
                   {{"field", "median"}, {"format", ".1f"}},
                   {{"field", "p95"}, {"title", "95th percentile"}, {"format", ".1f"}},
                   {{"field", "mean"}, {"format", ".1f"}}});
  json x = {{"field", "bin_start"},
            {"type", "quantitative"},
            {"bin", "binned"},
            {"title", context.ScaleTitle(issue)},
            {"scale", {{"domain", {issue.scale_min, issue.scale_max}}, {"nice", false}}}};
  json layers = json::array();
  layers.push_back(
      {{"transform", json::array({{{"filter", "datum.kind === 'bin'"}}})},
       {"mark", {{"type", "bar"}, {"color", "#4c78a8"}, {"binSpacing", 0}}},
       {"encoding",
        {{"x", x},
         {"x2", {{"field", "bin_end"}}},
         {"y",
          {{"field", "share"},
           {"type", "quantitative"},
           {"title", nullptr},
           {"axis", {{"format", ".0%"}, {"tickCount", 2}}}}},
         {"tooltip",
          json::array({{{"field", "model"}},
                       {{"field", "bin_start"}, {"title", "from"}, {"format", ".1f"}},
                       {{"field", "bin_end"}, {"title", "to"}, {"format", ".1f"}},
                       {{"field", "share"}, {"title", "share of runs"}, {"format", ".1%"}}})}}}});
  layers.push_back(
      {{"transform", json::array({{{"filter", "datum.kind === 'stat'"}}})},
       {"mark", {{"type", "rule"}, {"color", "#c44e52"}, {"strokeWidth", 2}}},
       {"encoding",
        {{"x", {{"field", "median"}, {"type", "quantitative"}}}, {"tooltip", stat_tooltip}}}});
  layers.push_back(
      {{"transform", json::array({{{"filter", "datum.kind === 'stat'"}}})},
       {"mark", {{"type", "rule"}, {"color", "#c44e52"}, {"strokeDash", {3, 3}}, {"opacity", 0.8}}},
       {"encoding",
        {{"x", {{"field", "p5"}, {"type", "quantitative"}}}, {"tooltip", stat_tooltip}}}});
  layers.push_back(
      {{"transform", json::array({{{"filter", "datum.kind === 'stat'"}}})},
       {"mark", {{"type", "rule"}, {"color", "#c44e52"}, {"strokeDash", {3, 3}}, {"opacity", 0.8}}},
       {"encoding",
        {{"x", {{"field", "p95"}, {"type", "quantitative"}}}, {"tooltip", stat_tooltip}}}});
  return {{"title",
           {{"text", issue.name.empty() ? issue.id : issue.name},
            {"subtitle",
             "share of runs per bin of the forecast; red: median, dashed: 5th and 95th "
             "percentiles"}}},
          {"data", {{"values", values}}},
          {"facet",
           {{"row",
             {{"field", "model"},
              {"type", "nominal"},
              {"sort", models},
              {"title", nullptr},
              {"header", {{"labelAngle", 0}, {"labelAlign", "left"}, {"labelFontSize", 11}}}}}}},
          {"spacing", 6},
          {"spec", {{"width", 400}, {"height", 48}, {"layer", layers}}}};
}

// A fan per model for issue k: the middle 90% from the inputs alone (dark) inside the
// middle 90% with the model's own error as well (light), and the median.
json FanChart(const Context& context, const std::vector<ModelErrorRanges>& ranges, std::size_t k) {
  const Issue& issue = context.scenario.issue(k);
  json values = json::array();
  for (const ModelErrorRanges& model : ranges) {
    const ErrorRange& range = model.issues[k];
    if (!range.has_error) continue;
    values.push_back({{"model", model.model},
                      {"band", "with model error"},
                      {"low", range.error_p5},
                      {"median", range.error_p50},
                      {"high", range.error_p95}});
    values.push_back({{"model", model.model},
                      {"band", "inputs only"},
                      {"low", range.input_p5},
                      {"median", range.input_p50},
                      {"high", range.input_p95}});
  }
  const json tooltip =
      json::array({{{"field", "model"}},
                   {{"field", "band"}},
                   {{"field", "low"}, {"title", "5th percentile"}, {"format", ".1f"}},
                   {{"field", "median"}, {"format", ".1f"}},
                   {{"field", "high"}, {"title", "95th percentile"}, {"format", ".1f"}}});
  json x = {{"field", "low"},
            {"type", "quantitative"},
            {"title", context.ScaleTitle(issue)},
            {"scale", {{"domain", {issue.scale_min, issue.scale_max}}, {"nice", false}}}};
  json y = {{"field", "model"}, {"type", "nominal"}, {"title", nullptr}};
  json color = {
      {"field", "band"},
      {"type", "nominal"},
      {"title", "90% range"},
      {"scale",
       {{"domain", {"with model error", "inputs only"}}, {"range", {"#c6dbef", "#2171b5"}}}}};
  return {{"title",
           {{"text", issue.name.empty() ? issue.id : issue.name},
            {"subtitle", "middle 90%: inputs only (dark) and with the model's error"}}},
          {"width", 370},
          {"height", {{"step", 26}}},
          {"data", {{"values", values}}},
          {"layer",
           json::array({{{"mark", {{"type", "bar"}, {"height", {{"band", 0.7}}}}},
                         {"encoding",
                          {{"x", x},
                           {"x2", {{"field", "high"}}},
                           {"y", y},
                           {"color", color},
                           {"tooltip", tooltip}}}},
                        {{"transform", json::array({{{"filter", "datum.band === 'inputs only'"}}})},
                         {"mark", {{"type", "tick"}, {"color", "black"}, {"thickness", 2}}},
                         {"encoding",
                          {{"x", {{"field", "median"}, {"type", "quantitative"}}},
                           {"y", y},
                           {"tooltip", tooltip}}}}})}};
}

// The error model's calibration on the data it was fitted on: each model's cross-validated
// PIT histogram (flat = calibrated), with the share 1/10 every bar should have.
json CalibrationChart(const ErrorModel& errors) {
  json values = json::array();
  for (const ModelErrors& model : errors.models) {
    for (std::size_t b = 0; b < model.pit.size(); ++b) {
      values.push_back({{"model", model.model},
                        {"pit_from", static_cast<double>(b) / kPitBins},
                        {"pit_to", static_cast<double>(b + 1) / kPitBins},
                        {"share", model.pit[b]},
                        {"coverage80", model.coverage80}});
    }
  }
  const json tooltip = json::array(
      {{{"field", "model"}},
       {{"field", "pit_from"}, {"title", "PIT from"}, {"format", ".1f"}},
       {{"field", "pit_to"}, {"title", "PIT to"}, {"format", ".1f"}},
       {{"field", "share"}, {"format", ".3f"}},
       {{"field", "coverage80"}, {"title", "80% interval coverage"}, {"format", ".0%"}}});
  return {
      {"title",
       {{"text", "Calibration of the error model"},
        {"subtitle", fmt::format("cross-validated PIT on {} (flat = calibrated)", errors.data)}}},
      {"data", {{"values", values}}},
      {"facet", {{"field", "model"}, {"type", "nominal"}, {"title", nullptr}}},
      {"columns", 4},
      {"spec",
       {{"width", 150},
        {"height", 90},
        {"layer",
         json::array({{{"mark", {{"type", "bar"}, {"color", "#4c78a8"}, {"binSpacing", 1}}},
                       {"encoding",
                        {{"x",
                          {{"field", "pit_from"},
                           {"type", "quantitative"},
                           {"bin", "binned"},
                           {"title", "PIT"}}},
                         {"x2", {{"field", "pit_to"}}},
                         {"y", {{"field", "share"}, {"type", "quantitative"}, {"title", nullptr}}},
                         {"tooltip", tooltip}}}},
                      {{"mark", {{"type", "rule"}, {"color", "#e45756"}, {"strokeDash", {4, 3}}}},
                       {"encoding",
                        {{"y", {{"datum", 0.1}}},
                         {"tooltip", {{"value", "a calibrated model: 0.1 in every bin"}}}}}}})}}}};
}

void WriteErrorRanges(const Context& context, const EnsembleResult& ensemble, Page& page) {
  const ErrorModel& errors = *context.errors;
  const std::vector<ModelErrorRanges> ranges = ApplyErrorModel(context.scenario, ensemble, errors);
  page.Add(fmt::format(
      "<h3>With the models' own error</h3>\n<p>Two ranges per issue: the middle 90% from the "
      "inputs' uncertainty alone, and with each model's own error added (errors fitted on {}, "
      "data hash {}; cross-validated, see <code>parley validate</code>). An error model fitted "
      "on EU legislation is an outside view for other domains: it says how far models of this "
      "kind have missed on negotiations of that kind.</p>\n",
      Html(errors.data), Html(errors.data_hash)));
  Table table{
      {"model", "issue", "inputs: 5%", "median", "95%", "with model error: 5%", "median", "95%"},
      {false, false, true, true, true, true, true, true}};
  for (const ModelErrorRanges& model : ranges) {
    for (const ErrorRange& range : model.issues) {
      if (!range.has_error) continue;
      table.rows.push_back({model.model, range.issue_id, Fixed(range.input_p5, 1),
                            Fixed(range.input_p50, 1), Fixed(range.input_p95, 1),
                            Fixed(range.error_p5, 1), Fixed(range.error_p50, 1),
                            Fixed(range.error_p95, 1)});
    }
  }
  page.Add(RenderTable(table, {}, "data nowrap"));
  page.Add("<div class=\"grid\">\n");
  for (std::size_t k = 0; k < context.scenario.issue_count(); ++k) {
    page.Chart(fmt::format("fan-{}", k), FanChart(context, ranges, k),
               fmt::format("Fan chart for {}: the middle 90% of each model's forecast from the "
                           "inputs alone (dark) and with the model's own error (light).",
                           context.scenario.issue(k).id));
  }
  page.Add("</div>\n");
  bool any_pit = false;
  for (const ModelErrors& model : errors.models) any_pit = any_pit || !model.pit.empty();
  if (any_pit) {
    page.Chart("calibration", CalibrationChart(errors),
               "Calibration: each model's cross-validated PIT histogram on the data the error "
               "model was fitted on; a calibrated model puts a tenth of the outcomes in every "
               "bin.");
  }
}

void WriteEnsembleSection(const Context& context, const std::optional<EnsembleResult>& ensemble,
                          const std::string& why_not, Page& page) {
  const Scenario& scenario = context.scenario;
  page.Add(
      "<section id=\"section-ensemble\">\n<h2>Ensemble: how uncertain are the forecasts?</h2>\n");
  if (!ensemble) {
    Note(page, why_not);
    page.Add("</section>\n");
    return;
  }
  page.Add(fmt::format(
      "<p class=\"lede\">Each model ran {} times, every uncertain input drawn anew each run "
      "(run r from the pcg32 stream (seed {}, r)), as <code>parley ensemble</code> does. The "
      "spread of the forecasts is what the uncertainty in the inputs does to them.</p>\n",
      ensemble->runs, ensemble->seed));
  Table table{{"model", "issue", "mean", "sd", "5%", "25%", "median", "75%", "95%"},
              {false, false, true, true, true, true, true, true, true}};
  for (const ModelSummary& model : ensemble->models) {
    for (const IssueSummary& issue : model.issues) {
      std::vector<std::string> row = {model.model, issue.issue_id, Fixed(issue.mean, 1),
                                      Fixed(issue.sd, 1)};
      for (double q : issue.quantiles) row.push_back(Fixed(q, 1));
      table.rows.push_back(row);
    }
  }
  // At a glance: one row per model, the median and the middle 90% per issue.
  Table glance;
  glance.head = {"model"};
  glance.numeric = {false};
  for (const Issue& issue : scenario.issues()) {
    glance.head.push_back(issue.id);
    glance.numeric.push_back(true);
  }
  for (const ModelSummary& model : ensemble->models) {
    std::vector<std::string> row = {model.model};
    for (const IssueSummary& issue : model.issues) {
      row.push_back(fmt::format("{}  ({} to {})", Fixed(issue.quantiles[2], 1),
                                Fixed(issue.quantiles[0], 1), Fixed(issue.quantiles[4], 1)));
    }
    glance.rows.push_back(row);
  }
  page.Add(RenderTable(glance, "median forecast (5th to 95th percentile)", "data nowrap"));
  page.Add("<div class=\"grid\">\n");
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    page.Chart(fmt::format("ensemble-{}", k), HistogramChart(context, *ensemble, k),
               fmt::format("Distribution of each model's forecast for {} over {} runs.",
                           scenario.issue(k).id, ensemble->runs));
  }
  page.Add("</div>\n");
  page.Add(fmt::format(
      "<details><summary>Every statistic</summary>{}</details>\n",
      RenderTable(table, fmt::format("{} runs, seed {}{}", ensemble->runs, ensemble->seed,
                                     ensemble->exact_quantiles ? "; quantiles exact" : ""))));
  Table inputs{{"uncertain input", "in the scenario", "distribution"}, {false, false, false}};
  for (const UncertainInput& input : scenario.uncertain_inputs()) {
    const std::string label = scenario.InputLabel(input);
    inputs.rows.push_back({context.InputWords(label), label,
                           (input.from_noise ? "noise: " : "") + input.distribution.ToString()});
  }
  page.Add(fmt::format("<details><summary>The {} uncertain inputs</summary>{}</details>\n",
                       inputs.rows.size(), RenderTable(inputs)));
  if (context.errors) WriteErrorRanges(context, *ensemble, page);
  page.Add("</section>\n");
}

// ---------------------------------------------------------------------------------------
// Sensitivity

constexpr std::size_t kTornadoBars = 10;

json TornadoChart(const Context& context, const SensitivityResult& sensitivity, std::size_t k) {
  const Issue& issue = context.scenario.issue(k);
  const IssueSensitivity& result = sensitivity.issues[k];
  json values = json::array();
  json inputs = json::array();
  for (const TornadoBar& bar : result.tornado) {
    if (inputs.size() == kTornadoBars) break;
    const std::string& words = context.InputWords(bar.input);
    inputs.push_back(words);
    values.push_back({{"input", words},
                      {"label", bar.input},
                      {"end", "input at its 5th percentile"},
                      {"value", bar.low_value},
                      {"outcome", bar.low_outcome},
                      {"nominal", result.nominal},
                      {"swing", bar.swing()}});
    values.push_back({{"input", words},
                      {"label", bar.input},
                      {"end", "input at its 95th percentile"},
                      {"value", bar.high_value},
                      {"outcome", bar.high_outcome},
                      {"nominal", result.nominal},
                      {"swing", bar.swing()}});
  }
  const json order = json::array({"input at its 5th percentile", "input at its 95th percentile"});
  const json y = {{"field", "input"},
                  {"type", "nominal"},
                  {"sort", inputs},
                  {"title", nullptr},
                  {"axis", {{"labelLimit", 220}}}};
  json layers = json::array();
  layers.push_back(
      {{"mark", {{"type", "bar"}, {"opacity", 0.85}}},
       {"encoding",
        {{"y", y},
         // Both bars of an input side by side: they overlap when both ends move the
         // forecast the same way.
         {"yOffset", {{"field", "end"}, {"sort", order}}},
         {"x",
          {{"field", "nominal"},
           {"type", "quantitative"},
           {"title", "forecast of " + sensitivity.model},
           {"scale", {{"zero", false}}}}},
         {"x2", {{"field", "outcome"}}},
         {"color",
          {{"field", "end"},
           {"type", "nominal"},
           {"title", nullptr},
           {"sort", order},
           {"scale", {{"domain", order}, {"range", {"#6baed6", "#e6550d"}}}},
           {"legend", {{"orient", "top"}}}}},
         {"tooltip",
          json::array({{{"field", "input"}},
                       {{"field", "label"}, {"title", "in the scenario"}},
                       {{"field", "end"}, {"title", "setting"}},
                       {{"field", "value"}, {"title", "input value"}, {"format", ".3g"}},
                       {{"field", "outcome"}, {"title", "forecast"}, {"format", ".2f"}},
                       {{"field", "nominal"}, {"title", "nominal forecast"}, {"format", ".2f"}},
                       {{"field", "swing"}, {"format", "+.2f"}}})}}}});
  layers.push_back({{"data", {{"values", json::array({{{"nominal", result.nominal}}})}}},
                    {"mark", {{"type", "rule"}, {"color", "#222"}}},
                    {"encoding",
                     {{"x", {{"field", "nominal"}, {"type", "quantitative"}}},
                      {"tooltip", json::array({{{"field", "nominal"},
                                                {"title", "nominal forecast"},
                                                {"format", ".2f"}}})}}}});
  return {{"title",
           {{"text", issue.name.empty() ? issue.id : issue.name},
            {"subtitle",
             json::array({fmt::format("the {} inputs that move the forecast most; line: the "
                                      "forecast at nominal inputs",
                                      inputs.size()),
                          context.ScaleTitle(issue)})}}},
          {"width", 330},
          {"height", {{"step", 11}}},
          {"data", {{"values", values}}},
          {"layer", layers}};
}

void WriteSensitivitySection(const Context& context,
                             const std::optional<SensitivityResult>& sensitivity,
                             const std::string& why_not, Page& page) {
  const Scenario& scenario = context.scenario;
  page.Add("<section id=\"section-sensitivity\">\n<h2>Sensitivity: which inputs matter?</h2>\n");
  if (!sensitivity) {
    Note(page, why_not);
    page.Add("</section>\n");
    return;
  }
  page.Add(fmt::format(
      "<p class=\"lede\">For <code>{}</code>, as <code>parley sensitivity</code> does: the "
      "tornado sets one uncertain input at a time to its 5th and its 95th percentile, every "
      "other at its nominal value, and shows where the forecast goes. The Sobol indices "
      "(Saltelli 2010; Jansen 1999; {} rows, {} model runs, seed {}) give the share of the "
      "forecast's variance due to the input alone (first order) and with its interactions "
      "(total).</p>\n",
      Html(sensitivity->spec), sensitivity->runs, sensitivity->model_runs, sensitivity->seed));
  page.Add("<div class=\"grid\">\n");
  for (std::size_t k = 0; k < scenario.issue_count(); ++k) {
    page.Chart(fmt::format("tornado-{}", k), TornadoChart(context, *sensitivity, k),
               fmt::format("Tornado for {}: the forecast with each input at its 5th and 95th "
                           "percentile.",
                           scenario.issue(k).id));
  }
  page.Add("</div>\n");
  for (const IssueSensitivity& issue : sensitivity->issues) {
    Table table{{"input", "at 5%", "at 95%", "swing", "first-order S (se)", "total S (se)"},
                {false, true, true, true, true, true}};
    for (std::size_t b = 0; b < issue.tornado.size() && b < kTornadoBars; ++b) {
      const TornadoBar& bar = issue.tornado[b];
      const auto index = std::find_if(issue.sobol.begin(), issue.sobol.end(),
                                      [&](const SobolIndex& s) { return s.input == bar.input; });
      table.rows.push_back(
          {context.InputWords(bar.input), Fixed(bar.low_outcome, 2), Fixed(bar.high_outcome, 2),
           Signed(bar.swing(), 2),
           index == issue.sobol.end()
               ? "-"
               : fmt::format("{} ({})", Fixed(index->first, 3), Fixed(index->first_se, 3)),
           index == issue.sobol.end()
               ? "-"
               : fmt::format("{} ({})", Fixed(index->total, 3), Fixed(index->total_se, 3))});
    }
    page.Add(fmt::format("<details><summary>{}: nominal forecast {}, sd {}</summary>{}</details>\n",
                         Html(issue.issue_id), Fixed(issue.nominal, 2),
                         Fixed(std::sqrt(issue.variance), 2), RenderTable(table)));
  }
  page.Add("</section>\n");
}

// ---------------------------------------------------------------------------------------
// The document

constexpr std::string_view kStyle = R"css(
:root { --ink: #1d2733; --muted: #5b6675; --rule: #d9dee5; --accent: #2b6ca3; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
main { max-width: 1360px; margin: 0 auto; padding: 0 28px 48px; }
header#report-header { background: #fff; border-bottom: 1px solid var(--rule);
  padding: 24px 28px 12px; margin: 0 -28px 8px; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--muted);
  margin: 0; }
h1 { font-size: 28px; margin: 4px 0 6px; }
h2 { font-size: 22px; margin: 0 0 8px; padding-bottom: 6px; border-bottom: 2px solid var(--accent); }
h3 { font-size: 17px; margin: 22px 0 8px; }
h4 { font-size: 15px; margin: 16px 0 6px; }
h4 .id { color: var(--muted); font-weight: normal; font-family: ui-monospace, monospace;
  font-size: 13px; }
section { background: #fff; border: 1px solid var(--rule); border-radius: 6px;
  padding: 18px 22px 22px; margin: 18px 0; }
.description, .lede { color: var(--muted); max-width: 80ch; }
dl.provenance { display: grid; grid-template-columns: 120px 1fr; gap: 3px 12px; margin: 12px 0;
  font-size: 14px; }
dl.provenance dt { color: var(--muted); }
dl.provenance dd { margin: 0; }
ul.specs { margin: 0; padding-left: 18px; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12.5px;
  overflow-wrap: anywhere; }
.hint, .note { color: var(--muted); font-size: 13px; }
nav { display: flex; flex-wrap: wrap; gap: 4px 16px; margin-top: 10px; font-size: 14px; }
nav a { color: var(--accent); text-decoration: none; }
nav a:hover { text-decoration: underline; }
table.data { border-collapse: collapse; margin: 8px 0 14px; font-size: 13.5px; }
table.data caption { text-align: left; color: var(--muted); font-size: 12.5px; padding-bottom: 3px; }
table.data td:first-child { white-space: nowrap; }
table.data th, table.data td { padding: 4px 10px; border-bottom: 1px solid var(--rule);
  text-align: left; vertical-align: top; }
table.data th { background: #eef1f5; font-weight: 600; }
table.data td.num, table.data th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.data tbody tr:nth-child(even) { background: #fafbfc; }
table.specs td { font-family: ui-monospace, monospace; font-size: 12px; }
.side-by-side { display: flex; gap: 8px 28px; align-items: flex-start; }
.side-by-side > figure { flex: none; }
.side-by-side > table { flex: 0 1 auto; }
@media (max-width: 1100px) { .side-by-side { flex-wrap: wrap; } }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(590px, 1fr)); gap: 8px 20px; }
table.nowrap td { white-space: nowrap; }
figure.chart { margin: 6px 0 10px; }
figure.chart figcaption { color: var(--muted); font-size: 12.5px; max-width: 560px; }
.issue-block { border-top: 1px solid var(--rule); padding-top: 4px; }
details { margin: 8px 0; }
summary { cursor: pointer; color: var(--accent); }
pre { background: #f2f4f7; padding: 8px 10px; overflow-x: auto; font-size: 12px; }
#parley-errors { background: #fde8e8; color: #8a1c1c; border: 1px solid #e7a3a3; margin: 12px;
  white-space: pre-wrap; }
#parley-errors:empty { display: none; }
footer { color: var(--muted); font-size: 12.5px; margin-top: 24px; }
)css";

// Runs first, before the libraries, so that an error in any later script is recorded.
constexpr std::string_view kErrorScript = R"js(
window.parleyError = function (message) {
  var box = document.getElementById('parley-errors');
  if (box) box.textContent += String(message) + '\n';
};
window.onerror = function (message, source, line, column) {
  window.parleyError('error: ' + message + (line ? ' (line ' + line + ':' + column + ')' : ''));
};
window.addEventListener('unhandledrejection', function (event) {
  window.parleyError('unhandled rejection: ' + (event.reason && event.reason.message || event.reason));
});
)js";

// Embeds every chart; then records how many rendered, so a headless browser can tell when
// the page is complete and whether it is whole.
constexpr std::string_view kDriverScript = R"js(
(function () {
  'use strict';
  var specs = JSON.parse(document.getElementById('parley-specs').textContent);
  var containers = Array.prototype.slice.call(document.querySelectorAll('[data-chart]'));
  document.body.dataset.charts = String(containers.length);
  var rendered = 0;
  var options = {
    renderer: 'svg',
    mode: 'vega-lite',
    actions: {export: true, source: false, compiled: false, editor: false},
    config: {
      font: 'system-ui, "DejaVu Sans", sans-serif',
      view: {stroke: '#e3e7ec'},
      axis: {labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', titleColor: '#333',
             gridColor: '#eef0f3'},
      legend: {labelFontSize: 11, titleFontSize: 12, labelLimit: 220},
      title: {fontSize: 14, subtitleFontSize: 11.5, subtitleColor: '#5b6675', anchor: 'start',
              offset: 16},
      header: {labelFontSize: 11}
    }
  };
  function finish() {
    document.body.dataset.rendered = String(rendered);
    document.body.dataset.height = String(document.documentElement.scrollHeight);
  }
  if (typeof vegaEmbed !== 'function') {
    window.parleyError('vega-embed did not load');
    finish();
    return;
  }
  var jobs = containers.map(function (element) {
    var name = element.getAttribute('data-chart');
    if (!specs[name]) {
      window.parleyError('chart ' + name + ': no spec');
      return Promise.resolve();
    }
    return vegaEmbed(element, specs[name], options).then(function () {
      rendered += 1;
    }).catch(function (error) {
      window.parleyError('chart ' + name + ': ' + (error && error.message || error));
    });
  });
  Promise.all(jobs).then(finish);
})();
)js";

}  // namespace

// A </script> inside the code would end the element early.
std::string internal::InlineScript(std::string_view code, std::string_view name) {
  std::string out = fmt::format("<script data-library=\"{}\">\n", name);
  std::size_t start = 0;
  for (std::size_t at = code.find("</"); at != std::string_view::npos;
       at = code.find("</", at + 2)) {
    if (code.size() - at >= 8 &&
        std::equal(code.begin() + at + 2, code.begin() + at + 8, "script", [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == b;
        })) {
      out.append(code.substr(start, at - start));
      out += "<\\/";  // same string in JS; the libraries only have it inside literals
      start = at + 2;
    }
  }
  out.append(code.substr(start));
  return out + "\n</script>\n";
}

std::uint64_t ReportModelRuns(const Scenario& scenario, const ReportOptions& options) {
  if (options.runs == 0 || scenario.uncertain_inputs().empty()) return 0;
  const std::uint64_t k = scenario.uncertain_inputs().size();
  return options.runs + SensitivityRows(scenario, options) * (k + 2);
}

std::string BuildReportHtml(const Scenario& scenario, const ReportOptions& options) {
  std::optional<ErrorModel> errors;  // loaded first: a bad file fails before any run
  if (!options.errors.empty()) errors = LoadErrorModel(options.errors);
  const ReportModels models = RunModels(scenario, options);
  Context context{scenario, options, models, ActorLabels(scenario), {}, std::move(errors)};
  context.input_words = InputWords(scenario, context.labels);

  std::optional<EnsembleResult> ensemble;
  std::optional<SensitivityResult> sensitivity;
  std::string no_ensemble, no_sensitivity;
  if (options.runs == 0) {
    no_ensemble = no_sensitivity =
        "Not computed: ask for ensemble runs (parley report --runs N) to see how the "
        "uncertainty in the inputs spreads the forecasts and which inputs matter most.";
  } else if (scenario.uncertain_inputs().empty()) {
    no_ensemble = no_sensitivity =
        "The scenario declares no uncertain inputs: every run would give the same forecast. "
        "Give a position, salience or capability a distribution, or set uncertainty: "
        "{relative_noise: r} (docs/scenario-format.md).";
  } else {
    std::vector<std::string> specs;
    for (const Result& result : models.results) specs.push_back(result.spec);
    EnsembleOptions ensemble_options;
    ensemble_options.runs = options.runs;
    ensemble_options.seed = options.seed;
    ensemble_options.threads = options.threads;
    ensemble_options.progress = options.progress;
    ensemble = RunEnsemble(scenario, specs, ensemble_options);

    SensitivityOptions sensitivity_options;
    sensitivity_options.runs = SensitivityRows(scenario, options);
    sensitivity_options.seed = options.seed;
    sensitivity_options.threads = options.threads;
    sensitivity_options.progress = options.progress;
    const std::string spec =
        options.sensitivity_model.empty() ? specs.front() : options.sensitivity_model;
    sensitivity = RunSensitivity(scenario, spec, sensitivity_options);
  }

  Page page;
  WriteFindingsSection(MakeBrief(scenario, FindingsOptions(options)), page);
  WriteScenarioSection(context, page);
  WriteForecastSection(context, page);
  WriteTrajectorySection(context, page);
  WriteLinkageSection(context, page);
  WriteLeverageSection(context, page);
  WriteEnsembleSection(context, ensemble, no_ensemble, page);
  WriteSensitivitySection(context, sensitivity, no_sensitivity, page);

  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += fmt::format("<meta name=\"generator\" content=\"parley {}\">\n", Html(kVersion));
  html += "<title>" + Html(scenario.name().empty() ? "Scenario" : scenario.name()) +
          " - parley report</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n";
  html += "<body>\n<pre id=\"parley-errors\"></pre>\n<script>" + std::string(kErrorScript) +
          "</script>\n<main>\n";
  WriteHeader(context, html);
  html += page.body();
  html += fmt::format(
      "<footer>Made by parley {} from input hash {}. Forecasts are model outputs, not "
      "predictions of certainty: read them with the assumptions in the scenario file.</footer>\n",
      Html(kVersion), Html(scenario.ContentHash()));
  html += "</main>\n";
  html += internal::InlineScript(internal::VegaJs(), "vega");
  html += internal::InlineScript(internal::VegaLiteJs(), "vega-lite");
  html += internal::InlineScript(internal::VegaEmbedJs(), "vega-embed");
  html += "<script type=\"application/json\" id=\"parley-specs\">" + ScriptSafeJson(page.specs()) +
          "</script>\n";
  html += "<script>" + std::string(kDriverScript) + "</script>\n</body>\n</html>\n";
  return html;
}

}  // namespace parley
