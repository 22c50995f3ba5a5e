#!/usr/bin/python3
"""Which variants of the compromise model predict EU outcomes better? (issue 7 study)

Reads the DEU table (default ../shared/data/deu3/deu3-dev.tsv) and prints the mean absolute
error of each variant over the issues with an outcome. Not part of the test suite; needs
Debian's python3-numpy, python3-pandas and python3-sklearn. The figures it prints are
quoted in the README ("How accurate is it?").
"""
import sys

import numpy as np
import pandas as pd
from sklearn.ensemble import GradientBoostingRegressor, RandomForestRegressor
from sklearn.model_selection import GroupKFold

# Council votes under the Treaty of Nice (Art. 205(2) TEC, as amended by the Acts of
# Accession 2003, 2005 and 2012).
NICE_VOTES = {'de': 29, 'fr': 29, 'it': 29, 'uk': 29, 'es': 27, 'pl': 27, 'ro': 14, 'nl': 13,
              'be': 12, 'cz': 12, 'el': 12, 'hu': 12, 'pt': 12, 'at': 10, 'bu': 10, 'se': 10,
              'dk': 7, 'ie': 7, 'lt': 7, 'sk': 7, 'fi': 7, 'cr': 7, 'cy': 4, 'ee': 4, 'lv': 4,
              'lu': 4, 'si': 4, 'mt': 3}
QMV_THRESHOLD = 255 / 345  # qualified majority share of votes under Nice (EU-27)


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return np.nan


def load(path):
    table = pd.read_csv(path, sep='\t', dtype=str)
    table = table.iloc[1:]  # row 2 is a capability row, not an issue
    actors = [c[1:] for c in table.columns
              if c.startswith('p') and 's' + c[1:] in table.columns and c != 'proc']
    issues = []
    for _, row in table.iterrows():
        outcome = number(row['out'])
        if np.isnan(outcome):
            continue
        issues.append(dict(
            proposal=row['prnr'], procedure=row['proc'],
            unanimity=str(row['counvte']).strip().lower().startswith('u'),
            reference=number(row['rp']), outcome=outcome,
            position=np.array([number(row['p' + a]) for a in actors]),
            salience=np.array([number(row['s' + a]) for a in actors])))
    return actors, issues


def weighted_mean(position, weight):
    use = ~np.isnan(position) & ~np.isnan(weight) & (weight > 0)
    if not use.any():
        return np.nanmean(position)
    return np.sum(position[use] * weight[use]) / np.sum(weight[use])


def weighted_median(position, weight):
    use = ~np.isnan(position) & ~np.isnan(weight) & (weight > 0)
    if not use.any():
        return np.nanmedian(position)
    order = np.argsort(position[use])
    sorted_position, cumulative = position[use][order], np.cumsum(weight[use][order])
    half = cumulative[-1] / 2
    i = np.searchsorted(cumulative, half)
    if abs(cumulative[i] - half) < 1e-12 and i + 1 < len(sorted_position):
        return (sorted_position[i] + sorted_position[i + 1]) / 2
    return sorted_position[i]


def compromise(issue, capability=1.0, commission=1.0, parliament=1.0, parliament_cns=True,
               blank_salience=None, salience_power=1.0):
    salience = issue['salience'].copy()
    if blank_salience is not None:
        salience = np.where(np.isnan(salience) & ~np.isnan(issue['position']), blank_salience,
                            salience)
    weight = np.nan_to_num(salience) ** salience_power * capability
    weight[0] *= commission
    weight[1] *= parliament if (parliament_cns or issue['procedure'] == 'COD') else 0
    return weighted_mean(issue['position'], weight)


def procedural(issue, votes, cost):
    """Commission proposes the point nearest its ideal that the Council (QMV or unanimity)
    and, under co-decision, the Parliament prefer to the reference point made worse by
    `cost` (Crombez 1996; Steunenberg 1994; Franchino & Mariotto 2021's costly reference
    point). Searched on a 0.1 grid."""
    reference = issue['reference']
    if np.isnan(reference):
        return np.nan
    grid = np.linspace(0, 100, 1001)
    member = issue['position'][2:]
    known = ~np.isnan(member)
    reach = np.abs(reference - member[known]) + cost
    accepts = np.abs(grid[:, None] - member[known]) <= reach + 1e-9
    threshold = 1.0 if issue['unanimity'] else QMV_THRESHOLD
    member_votes = votes[2:][known]
    winning = grid[accepts @ member_votes >= threshold * member_votes.sum() - 1e-9]
    parliament = issue['position'][1]
    if issue['procedure'] == 'COD' and not np.isnan(parliament):
        winning = winning[np.abs(winning - parliament) <= abs(reference - parliament) + cost]
    if len(winning) == 0:
        return reference
    agenda_setter = issue['position'][0]
    if np.isnan(agenda_setter):
        agenda_setter = np.nanmean(issue['position'])
    return winning[np.argmin(np.abs(winning - agenda_setter))]


def features(issue):
    position, salience = issue['position'], issue['salience']
    held = position[~np.isnan(position)]
    weight = np.nan_to_num(salience)[~np.isnan(position)]
    mean = weighted_mean(position, salience)
    return [mean, weighted_median(position, salience),
            np.nan_to_num(position[0], nan=mean), np.nan_to_num(position[1], nan=mean),
            np.nan_to_num(issue['reference'], nan=-50), held.min(), held.max(), held.std(),
            issue['procedure'] == 'COD', issue['unanimity'], len(held),
            np.sum(weight * (held == held.min())) / max(weight.sum(), 1),
            np.sum(weight * (held == held.max())) / max(weight.sum(), 1), len(set(held)),
            weighted_mean(position[2:], salience[2:])]


def grouped_cv_mae(learner, x, outcome, baseline, proposals, shuffles=5, folds=10):
    """Out-of-sample MAE of a learner fitted to the baseline's residuals; issues of one
    proposal always fall in the same fold."""
    errors = []
    for shuffle in range(shuffles):
        rng = np.random.default_rng(shuffle)
        ids = {p: i for p, i in zip(np.unique(proposals),
                                    rng.permutation(len(np.unique(proposals))))}
        groups = np.array([ids[p] for p in proposals])
        forecast = np.zeros(len(outcome))
        for train, test in GroupKFold(folds).split(x, outcome, groups):
            learner.fit(x[train], outcome[train] - baseline[train])
            forecast[test] = baseline[test] + learner.predict(x[test])
        errors.append(np.mean(np.abs(np.clip(forecast, 0, 100) - outcome)))
    return np.mean(errors)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else '../shared/data/deu3/deu3-dev.tsv'
    actors, issues = load(path)
    outcome = np.array([i['outcome'] for i in issues])
    votes = np.array([NICE_VOTES.get(a, 0) for a in actors], float)

    def mae(forecasts):
        forecasts = np.asarray(forecasts, float)
        scored = ~np.isnan(forecasts)
        return f'{np.mean(np.abs(forecasts[scored] - outcome[scored])):.2f} (n={scored.sum()})'

    base = np.array([compromise(i) for i in issues])
    print('compromise, equal capabilities', mae(base))
    for power in [0, 0.5, 1, 1.5, 2, 3, 4]:
        print(f'salience^{power}', mae([compromise(i, salience_power=power) for i in issues]))
    for factor in [0, 0.5, 2, 3]:
        print(f'Commission weight x{factor}', mae([compromise(i, commission=factor) for i in issues]))
        print(f'Parliament weight x{factor}', mae([compromise(i, parliament=factor) for i in issues]))
    print('Parliament only under COD', mae([compromise(i, parliament_cns=False) for i in issues]))
    for value in [10, 30, 50, 70, 100]:
        print(f'blank salience = {value}', mae([compromise(i, blank_salience=value) for i in issues]))
    anchors = {'status quo': [i['reference'] for i in issues],
               'Commission': [i['position'][0] for i in issues],
               'Parliament': [i['position'][1] for i in issues],
               'weighted median': [weighted_median(i['position'], i['salience']) for i in issues]}
    for name, anchor in anchors.items():
        anchor = np.where(np.isnan(anchor), base, anchor)
        print(f'25% toward {name}', mae(0.75 * base + 0.25 * anchor))
    for cost in [0, 10, 20, 30, 50]:
        print(f'procedural, reference cost {cost}', mae([procedural(i, votes, cost) for i in issues]))
    x = np.array([features(i) for i in issues], float)
    proposals = np.array([i['proposal'] for i in issues])
    boosting = GradientBoostingRegressor(loss='absolute_error', n_estimators=100, max_depth=2,
                                         learning_rate=0.05, subsample=0.8, random_state=0)
    forest = RandomForestRegressor(200, min_samples_leaf=10, random_state=0,
                                   criterion='absolute_error')
    print('gradient boosting, 10 grouped folds', f'{grouped_cv_mae(boosting, x, outcome, base, proposals):.2f}')
    print('random forest, 10 grouped folds', f'{grouped_cv_mae(forest, x, outcome, base, proposals, shuffles=2):.2f}')


if __name__ == '__main__':
    main()
