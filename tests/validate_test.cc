// parley validate: metrics, baselines, failures, grouped cross-validation, the DEU baseline.
#include "parley/validate.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "test_util.h"

namespace parley {
namespace {

const ModelValidation& Find(const ValidationReport& report, const std::string& label) {
  for (const ModelValidation& m : report.models) {
    if (m.label == label) return m;
  }
  throw std::runtime_error("no model " + label);
}

TEST(Validate, AccuracyByHand) {
  const Accuracy a = ComputeAccuracy({1, 3, 12, 20});
  EXPECT_EQ(a.n, 4u);
  EXPECT_DOUBLE_EQ(a.mae, 9);
  EXPECT_DOUBLE_EQ(a.rmse, std::sqrt(554.0 / 4));
  EXPECT_DOUBLE_EQ(a.median_ae, 7.5);
  EXPECT_DOUBLE_EQ(a.within10, 0.5);
  EXPECT_DOUBLE_EQ(ComputeAccuracy({4, 10, 30}).median_ae, 10);
  EXPECT_DOUBLE_EQ(ComputeAccuracy({4, 10, 30}).within10, 2.0 / 3);
  EXPECT_EQ(ComputeAccuracy({}).n, 0u);
}

// Three issues: i1 (COD/QMV) com 100 s50, de 0 s50 -> compromise 50, outcome 60 -> |10|;
// i2 (CNS/Unan) com 20 s100, de 80 s50 -> compromise 40, outcome 30 -> |10|... see below;
// i3 has no outcome (not scored); i4 (CNS/Unan) no reference point.
const char* kTiny =
    "prnr\tisnr\tproc\tcounvte\tpcom\tpde\tscom\tsde\trp\tout\n"
    "p1\ti1\tCOD\tQMV\t100\t0\t50\t50\t0\t60\n"
    "p2\ti2\tCNS\tUnan\t20\t80\t100\t50\t30\t30\n"
    "p2\ti3\tCNS\tUnan\t20\t80\t100\t50\t30\t\n"
    "p3\ti4\tCNS\tUnan\t0\t90\t10\t80\t\t100\n";

TEST(Validate, HandComputedMetricsOnTinyData) {
  const DeuData data = ParseDeuTable(kTiny, "tiny.tsv");
  ValidationOptions options;
  options.models = {"compromise", "status-quo", "commission"};
  options.procedure = "without";
  const ValidationReport report = Validate(data, options);
  EXPECT_EQ(report.issues, 4u);
  EXPECT_EQ(report.scored, 3u);
  // compromise: i1 50 vs 60 -> 10; i2 (20*100+80*50)/150 = 40 vs 30 -> 10;
  // i4 (0*10+90*80)/90 = 80 vs 100 -> 20.
  const ModelValidation& compromise = Find(report, "compromise");
  EXPECT_EQ(compromise.overall.n, 3u);
  EXPECT_EQ(compromise.failed, 0u);
  EXPECT_NEAR(compromise.overall.mae, 40.0 / 3, 1e-12);
  EXPECT_NEAR(compromise.overall.rmse, std::sqrt(600.0 / 3), 1e-12);
  EXPECT_NEAR(compromise.overall.median_ae, 10, 1e-12);
  EXPECT_NEAR(compromise.overall.within10, 2.0 / 3, 1e-12);
  EXPECT_NEAR(compromise.by_procedure.at("COD").mae, 10, 1e-12);
  EXPECT_NEAR(compromise.by_procedure.at("CNS").mae, 15, 1e-12);
  EXPECT_EQ(compromise.by_voting_rule.at("Unan").n, 2u);
  // status quo: i1 0 vs 60 -> 60; i2 30 vs 30 -> 0; i4 has no reference point: counted.
  const ModelValidation& status_quo = Find(report, "baseline:status-quo");
  EXPECT_EQ(status_quo.overall.n, 2u);
  EXPECT_EQ(status_quo.failed, 1u);
  EXPECT_NE(status_quo.first_failure.find("i4"), std::string::npos);
  EXPECT_DOUBLE_EQ(status_quo.overall.mae, 30);
  // Commission: 100 vs 60, 20 vs 30, 0 vs 100 -> 40, 10, 100.
  EXPECT_DOUBLE_EQ(Find(report, "baseline:commission").overall.mae, 50);

  // Every issue has a prediction row per model, the unscored one included.
  EXPECT_EQ(report.predictions.size(), 12u);
  const std::string csv = PredictionsToCsv(data, report);
  EXPECT_NE(csv.find("baseline:status-quo,p3,i4,CNS,Unan,,100,,,no reference point"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("compromise,p1,i1,COD,QMV,0,60,50,-10,"), std::string::npos) << csv;
  EXPECT_NE(ValidationToTable(report).find("could not forecast 1"), std::string::npos);
  EXPECT_NE(ValidationToJson(report).find("\"by_voting_rule\""), std::string::npos);
  EXPECT_NE(ValidationToCsv(report).find("compromise,"), std::string::npos);
}

TEST(Validate, SeveralSpecsOfOneModelAreLabelledBySpec) {
  // compromise weighted by salience vs not at all: i1 50 and 50, i2 40 and 50, i4 80 and 45.
  const DeuData data = ParseDeuTable(kTiny, "tiny.tsv");
  ValidationOptions options;
  options.models = {"compromise", "compromise(weight=equal)", "median"};
  options.procedure = "without";
  const ValidationReport report = Validate(data, options);
  ASSERT_EQ(report.models.size(), 3u);
  EXPECT_EQ(report.models[0].label, "compromise");
  EXPECT_EQ(report.models[1].label, "compromise(weight=equal)");
  EXPECT_EQ(report.models[2].label, "median");  // the only median keeps its plain name
  EXPECT_NEAR(report.models[1].overall.mae, (10 + 20 + 55) / 3.0, 1e-12);
  EXPECT_NE(ValidationToTable(report).find("compromise(weight=equal)"), std::string::npos);
  std::size_t equal_predictions = 0;
  for (const ValidationPrediction& p : report.predictions) {
    equal_predictions += p.model == "compromise(weight=equal)";
  }
  EXPECT_EQ(equal_predictions, 4u);  // every issue, scored or not
}

TEST(Validate, EveryModelRunsWithAndWithoutTheProcedure) {
  const DeuData data = ParseDeuTable(kTiny, "tiny.tsv");
  ValidationOptions options;
  options.models = {"compromise", "status-quo"};
  const ValidationReport report = Validate(data, options);
  ASSERT_EQ(report.models.size(), 3u);
  EXPECT_EQ(report.models[0].label, "compromise");
  EXPECT_EQ(report.models[1].label, "compromise +procedure");
  EXPECT_EQ(report.models[2].label, "baseline:status-quo");  // baselines have no procedure
  // With the procedure the static models give the procedural outcome on stated positions.
  options.models = {"procedural"};
  options.procedure = "with";
  const ValidationReport with = Validate(data, options);
  options.models = {"compromise"};
  const ValidationReport compromise = Validate(data, options);
  EXPECT_EQ(with.models.at(0).overall.mae, compromise.models.at(0).overall.mae);
  options.procedure = "sometimes";
  EXPECT_THROW(Validate(data, options), InputError);
}

TEST(Validate, UnknownModelIsAnInputError) {
  const DeuData data = ParseDeuTable(kTiny, "tiny.tsv");
  ValidationOptions options;
  options.models = {"nosuchmodel"};
  EXPECT_THROW(Validate(data, options), InputError);
}

TEST(Validate, FoldsGroupProposals) {
  const DeuData data = ParseDeuTable(kTiny, "tiny.tsv");
  const std::vector<std::size_t> folds = ProposalFolds(data, 2);
  EXPECT_EQ(folds, (std::vector<std::size_t>{0, 1, 1, 0}));
  EXPECT_THROW(ProposalFolds(data, 1), InputError);
}

TEST(Validate, FitBlendWeightsRecoversExactWeights) {
  // y = base + 0.5 (x1 - base) - 0.25 (x2 - base), exactly.
  std::vector<std::vector<double>> rows;
  for (int i = 0; i < 20; ++i) {
    const double base = 10 + i, x1 = (i * 37) % 100, x2 = (i * 53) % 90;
    rows.push_back({base, x1, x2, base + 0.5 * (x1 - base) - 0.25 * (x2 - base)});
  }
  const std::vector<double> w = FitBlendWeights(rows);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_NEAR(w[0], 0.5, 1e-6);
  EXPECT_NEAR(w[1], -0.25, 1e-6);
}

std::string DevFile() { return PARLEY_SHARED_DIR "/data/deu3/deu3-dev.tsv"; }

TEST(Validate, ReproducesThePublishedCompromiseBaseline) {
  if (!testing::FileExists(DevFile())) GTEST_SKIP() << "no " << DevFile() << " (../shared absent)";
  ValidationOptions options;
  options.models = {"compromise"};
  const ValidationReport report = Validate(ReadDeuFile(DevFile()), options);
  const ModelValidation& compromise = report.models.at(0);
  EXPECT_EQ(report.scored, 230u);
  EXPECT_EQ(compromise.overall.n, 230u);
  EXPECT_EQ(compromise.failed, 0u);
  EXPECT_NEAR(compromise.overall.mae, 24.19, 0.005);
}

TEST(Validate, TheProcedureOnTheDevelopmentFile) {
  if (!testing::FileExists(DevFile())) GTEST_SKIP() << "no " << DevFile() << " (../shared absent)";
  // Golden figures of this implementation (README table): the procedure applied to stated
  // positions (Council votes, Commission agenda, Parliament veto) misses by 36.67 on
  // average, far worse than the compromise model's 24.19, as the DEU literature found for
  // procedural models (Thomson et al. 2006, ch. 10).
  ValidationOptions options;
  options.models = {"compromise", "eum"};
  const ValidationReport report = Validate(ReadDeuFile(DevFile()), options);
  ASSERT_EQ(report.models.size(), 4u);
  EXPECT_EQ(report.models[1].label, "compromise +procedure");
  EXPECT_EQ(report.models[1].overall.n, 230u);
  EXPECT_NEAR(report.models[0].overall.mae, 24.19, 0.005);
  EXPECT_NEAR(report.models[1].overall.mae, 36.67, 0.005);
  EXPECT_NEAR(report.models[3].overall.mae, 28.74, 0.005);  // eum +procedure
}

TEST(Validate, CrossValidationDoesNotLeakAcrossProposals) {
  if (!testing::FileExists(DevFile())) GTEST_SKIP() << "no " << DevFile() << " (../shared absent)";
  const DeuData data = ReadDeuFile(DevFile());
  ValidationOptions options;
  options.models = {"blend-cv"};
  const ValidationReport before = Validate(data, options);
  // Scramble the outcomes of the first proposal: its own out-of-fold forecasts must not move.
  DeuData changed = data;
  const std::string proposal = data.issues[0].proposal;
  for (DeuIssue& issue : changed.issues) {
    if (issue.proposal == proposal && issue.outcome) issue.outcome = 100 - *issue.outcome;
  }
  const ValidationReport after = Validate(changed, options);
  bool other_moved = false;
  for (std::size_t i = 0; i < data.issues.size(); ++i) {
    ASSERT_EQ(before.predictions[i].forecast.has_value(),
              after.predictions[i].forecast.has_value());
    if (!before.predictions[i].forecast) continue;
    if (data.issues[i].proposal == proposal) {
      EXPECT_DOUBLE_EQ(*before.predictions[i].forecast, *after.predictions[i].forecast)
          << data.issues[i].id;
    } else if (*before.predictions[i].forecast != *after.predictions[i].forecast) {
      other_moved = true;  // proposals of other folds did train on the changed outcomes
    }
  }
  EXPECT_TRUE(other_moved);
}

TEST(Validate, BlendOnTheDevelopmentFile) {
  if (!testing::FileExists(DevFile())) GTEST_SKIP() << "no " << DevFile() << " (../shared absent)";
  ValidationOptions options;
  options.models = {"compromise", "blend", "blend(w_median=0,w_median_two=0)", "blend-cv"};
  options.procedure = "without";
  const ValidationReport report = Validate(ReadDeuFile(DevFile()), options);
  // Zero weights give the compromise model back, forecast for forecast.
  EXPECT_DOUBLE_EQ(report.models[2].overall.mae, report.models[0].overall.mae);
  // The default weights are fitted on this file: better in sample (23.49) ...
  EXPECT_LT(report.models[1].overall.mae, report.models[0].overall.mae);
  // ... but not out of sample with 10 proposal-grouped folds (24.57): recorded as measured,
  // so a change in the fold assignment or the fit shows up here.
  EXPECT_EQ(report.models[3].overall.n, 230u);
  EXPECT_NEAR(report.models[3].overall.mae, 24.57, 0.005);
}

}  // namespace
}  // namespace parley
