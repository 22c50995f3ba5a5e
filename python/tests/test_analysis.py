"""The analyses: ensembles, sensitivity, linkage, leverage and validation, as functions
that give what the command line gives."""

import os
import signal
import threading
import time

import pytest

import parley
from conftest import FLAGSHIP, shared_file


@pytest.fixture(scope="module")
def flagship():
    return parley.load(FLAGSHIP)


def test_ensembles_are_deterministic_for_a_seed(flagship):
    first = parley.ensemble(flagship, ["eum", "compromise"], runs=300, seed=5)
    again = parley.ensemble(flagship, ["eum", "compromise"], runs=300, seed=5, threads=1)
    other = parley.ensemble(flagship, ["eum", "compromise"], runs=300, seed=6)
    assert first.to_json() == again.to_json()
    assert first.summary == again.summary
    assert first.to_json() != other.to_json()


def test_ensembles_record_seed_specs_and_hash(flagship):
    report = flagship.ensemble(["eum(preset=replication)", "compromise"], runs=64, seed=9)
    assert (report.seed, report.runs) == (9, 64)
    assert report.input_hash == flagship.content_hash
    assert report.models == ["eum", "compromise"]
    assert report.specs == [
        flagship.run("eum(preset=replication)").spec,
        parley.resolve_spec("compromise").text,
    ]
    assert report.keys == ["eum", "compromise"]
    assert report.exact_quantiles
    assert len(report.inputs) == 51
    assert "64 runs, seed 9" in repr(report)
    # The same model twice is keyed by its specs.
    twice = flagship.ensemble(["eum", "eum(q=0.5)"], runs=64)
    assert twice.keys == twice.specs


def test_ensemble_matches_the_command_line(flagship, run_cli):
    report = parley.ensemble(
        flagship, ["eum", "nash"], runs=200, seed=3, thresholds=["nk-pressure>=60", "taiwan<50"]
    )
    args = ["ensemble", FLAGSHIP, "-m", "eum", "-m", "nash", "-n", "200", "-s", "3", "-q"]
    args += ["--threshold", "nk-pressure>=60", "--threshold", "taiwan<50"]
    for rendering, options in ((report.table(), []), (report.to_csv(), ["-f", "csv"])):
        status, out, _ = run_cli(*args, *options)
        assert status == 0
        assert rendering == out
    status, out, _ = run_cli(*args, "-f", "json")
    assert report.to_json() == out


def test_ensemble_figures_as_dicts_and_arrays(flagship):
    report = parley.ensemble(flagship, "eum", runs=200, thresholds=["nk-pressure>=60"])
    summary = report.summary["eum"]
    assert list(summary) == flagship.issue_ids
    stats = summary["nk-pressure"]
    assert set(stats) == {"mean", "sd", "min", "max", "p05", "p25", "p50", "p75", "p95"}
    assert stats["min"] <= stats["p05"] <= stats["p50"] <= stats["p95"] <= stats["max"]
    means = report.statistic("mean")
    assert means.shape == (4,) and means[0] == stats["mean"]
    histogram = report.histogram("eum")
    assert histogram.shape == (4, 20) and (histogram.sum(axis=1) == 200).all()
    probability = report.probabilities["eum"]["nk-pressure>=60"]
    assert 0 <= probability <= 1
    assert {"actor", "kind", "share"} <= set(report.move_shares["eum"][0])
    with pytest.raises(KeyError):
        report.histogram("nash")


def test_ensemble_progress_reaches_the_total(flagship):
    calls = []
    parley.ensemble(
        flagship, "eum", runs=500, progress=lambda done, total: calls.append((done, total))
    )
    assert calls[-1] == (500, 500)
    assert all(total == 500 for _, total in calls)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_an_exception_in_progress_stops_the_ensemble(flagship):
    def stop(done, total):
        raise RuntimeError(f"stopped at {done} of {total}")

    with pytest.raises(RuntimeError, match="stopped at"):
        parley.ensemble(flagship, "eum", runs=10**6, threads=1, progress=stop)


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(), reason="signals")
def test_ctrl_c_stops_an_ensemble(flagship):
    started = time.monotonic()
    progress = []

    def watch(done, total):
        progress.append(done)
        if time.monotonic() - started > 20:  # the interrupt did not work: fail, do not hang
            raise RuntimeError("not interrupted")

    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            parley.ensemble(flagship, "eum", runs=10**7, threads=1, progress=watch)
    finally:
        timer.cancel()
    assert progress, "interrupted before the ensemble started"
    assert progress[-1] < 10**7


def test_ensembles_release_the_gil(flagship):
    # While an ensemble runs in another thread, this one keeps running Python code.
    finished = threading.Event()
    worker = threading.Thread(
        target=lambda: (parley.ensemble(flagship, "eum", runs=4000, threads=1), finished.set())
    )
    ticks = 0
    worker.start()
    while not finished.is_set() and worker.is_alive():
        ticks += 1
        time.sleep(0.001)
    worker.join()
    assert finished.is_set()
    assert ticks > 20


def test_sensitivity(flagship, run_cli):
    report = parley.sensitivity(flagship, "compromise", runs=32, seed=2, bootstrap=20)
    again = flagship.sensitivity("compromise", runs=32, seed=2, bootstrap=20, threads=1)
    assert report.to_json() == again.to_json()
    assert report.spec == parley.resolve_spec("compromise").text
    assert (report.seed, report.runs) == (2, 32)
    status, out, _ = run_cli(
        "sensitivity",
        FLAGSHIP,
        "-m",
        "compromise",
        "-n",
        "32",
        "-s",
        "2",
        "--bootstrap",
        "20",
        "-q",
    )
    assert report.table() == out
    issues = report.issues
    assert list(issues) == flagship.issue_ids
    top = issues["nk-pressure"]["tornado"][0]
    assert top["input"] == "CHN.nk-pressure.position"


def test_linkage(flagship, run_cli):
    report = parley.linkage(flagship, deals=3)
    status, out, _ = run_cli("linkage", FLAGSHIP, "--deals", "3")
    assert report.table() == out
    assert report.table(deals=0) == run_cli("linkage", FLAGSHIP, "--deals", "0")[1]
    status, out, _ = run_cli("linkage", FLAGSHIP, "--format", "csv")
    assert report.to_csv() == out
    assert len(report.deals) == 46
    first = report.deals[0]
    assert (first["actor_i"], first["issue_i"], first["actor_j"], first["issue_j"]) == (
        "USA",
        "taiwan",
        "CHN",
        "nk-pressure",
    )
    assert report.enforcement["linked_critical"] == pytest.approx(0.4)
    # With deciders, offers between them lead: US trade terms for China's pressure.
    seed = report.deciders["offers"][0]
    assert (seed["decider_a"], seed["decider_b"]) == ("USA", "CHN")
    assert seed["issues"] == ["nk-pressure", "trade-terms"]
    assert seed["exists"] and seed["holds_a"] and seed["holds_b"]
    assert report.deciders["discount_factor"] == 0.9
    assert out.count("decider_offer,") > 0
    assert report.table().index("A. Offers between deciders") < report.table().index("1. Linked")
    linear = flagship.linkage(utility="linear", drop_issues="taiwan", add_issues=["taiwan"])
    assert linear.to_dict()["utility"] == "linear"
    # Additions first, as `parley linkage` orders its options.
    assert [a["change"] for a in linear.agenda] == ["add issue taiwan", "drop issue taiwan"]


def test_leverage_on_tidy_trade_data(tmp_path, run_cli):
    trade = tmp_path / "trade.csv"
    trade.write_text(
        "reporter,partner,year,exports,imports\n"
        "PRK,CHN,2013,90,110\nPRK,RUS,2013,5,5\n"
        "PRK,CHN,2014,100,200\nPRK,RUS,2014,10,10\n"
    )
    report = parley.leverage(trade, actor="PRK", years=(2013, 2014), top=2)
    status, out, _ = run_cli(
        "leverage", trade, "--actor", "PRK", "--years", "2013-2014", "--top", "2"
    )
    assert status == 0
    assert report.table() == out
    assert [row["year"] for row in report.rows] == [2013, 2014]
    latest = parley.leverage([trade], actor="North Korea")
    assert [row["year"] for row in latest.rows] == [2014]
    partners = latest.rows[0]["partners"]
    assert partners[0]["share_of_actor"] == pytest.approx(300 / 320)


def test_leverage_on_the_cow_data(run_cli):
    path = shared_file("data/trade/cow-dyadic-focus-1990-2014.csv")
    report = parley.leverage(path, year=2014, actor="PRK", top=3, sanction=0.5, substitution=0.1)
    status, out, _ = run_cli(
        "leverage",
        path,
        "--year",
        "2014",
        "--actor",
        "PRK",
        "--top",
        "3",
        "--sanction",
        "0.5",
        "--substitution",
        "0.1",
        "-f",
        "json",
    )
    assert report.to_json() == out


def test_validation_reproduces_the_published_compromise_error(run_cli):
    path = shared_file("data/deu3/deu3-dev.tsv")
    report = parley.validate(path, models=["compromise", "status-quo"])
    assert report.accuracy["compromise"]["mae"] == pytest.approx(24.19, abs=0.005)
    assert report.accuracy["compromise"]["n"] == 230
    status, out, _ = run_cli("validate", path, "-m", "compromise", "-m", "status-quo")
    assert report.table() == out
    # Rows per issue: compromise without and with the procedure, and the baseline.
    assert len(report.predictions_csv().splitlines()) == 1 + 3 * 239
    assert report.accuracy["compromise +procedure"]["mae"] == pytest.approx(36.67, abs=0.005)
    procedural = parley.validate(path, models=["compromise"], procedure="without")
    assert len(procedural.predictions_csv().splitlines()) == 1 + 239


def test_report_is_the_command_lines_page(flagship, run_cli, tmp_path):
    written = tmp_path / "report.html"
    html = parley.report(flagship, ["compromise", "eum"], runs=200, seed=5, path=written)
    assert written.read_text(encoding="utf-8") == html
    assert parley.report(flagship, ["compromise", "eum"], runs=200, seed=5, threads=1) == html
    for section in ("scenario", "forecasts", "trajectories", "linkage", "leverage", "ensemble",
                    "sensitivity"):
        assert html.count(f'id="section-{section}"') == 1, section
    assert flagship.content_hash in html
    assert "<script src" not in html
    cli_page = tmp_path / "cli.html"
    status, _, stderr = run_cli("report", FLAGSHIP, "-m", "compromise", "-m", "eum",
                                "--runs", 200, "--seed", 5, "-o", cli_page)
    assert status == 0, stderr
    cli_html = cli_page.read_text(encoding="utf-8")
    # The same charts with the same data; only the header's command line may differ.
    assert cli_html.count("data-chart") == html.count("data-chart") > 0
    start = html.index('id="section-scenario"')
    assert cli_html[cli_html.index('id="section-scenario"'):] == html[start:]


def test_report_errors_are_the_command_lines(flagship):
    with pytest.raises(parley.InputError, match="unknown model 'nope'"):
        parley.report(flagship, "nope")


def test_brief_is_the_command_lines(flagship, run_cli):
    brief = parley.brief(flagship, runs=200, seed=3)
    status, out, _ = run_cli("brief", FLAGSHIP, "--runs", 200, "--seed", 3)
    assert status == 0
    assert brief.table() == out
    status, out, _ = run_cli("brief", FLAGSHIP, "--runs", 200, "--seed", 3, "-f", "json")
    assert brief.to_json() == out
    data = brief.to_dict()
    deciders = {issue["id"]: issue["decided_by"] for issue in data["issues"]}
    assert deciders["taiwan"] == "decider USA, veto CONGRESS"
    assert "## " in brief.markdown()
    with pytest.raises(parley.InputError):
        parley.brief(flagship, sensitivity_model="nosuchmodel")


def test_ensemble_with_an_error_model_is_the_command_lines(flagship, run_cli):
    report = parley.ensemble(flagship, ["compromise"], runs=200, seed=4, errors="deu3")
    status, out, _ = run_cli("ensemble", FLAGSHIP, "-m", "compromise", "--runs", 200, "--seed", 4,
                             "--errors", "deu3", "--quiet")
    assert status == 0
    assert report.table() == out
    issue = report.model_error["models"][0]["issues"][0]
    low, _, high = issue["with_model_error_p5_p50_p95"]
    inputs_low, _, inputs_high = issue["inputs_p5_p50_p95"]
    assert low <= inputs_low and high >= inputs_high - 2.5
    assert parley.ensemble(flagship, ["compromise"], runs=50).model_error is None
    with pytest.raises(parley.InputError):
        parley.ensemble(flagship, ["compromise"], runs=50, errors="/nonexistent.json")


def test_brief_and_report_take_an_error_model(flagship, run_cli):
    brief = parley.brief(flagship, runs=200, seed=3, errors="deu3")
    status, out, _ = run_cli("brief", FLAGSHIP, "--runs", 200, "--seed", 3, "--errors", "deu3")
    assert brief.table() == out
    assert all("with_model_error" in issue for issue in brief.to_dict()["issues"])
    html = parley.report(flagship, ["compromise"], runs=100, errors="deu3")
    assert "With the models' own error" in html
