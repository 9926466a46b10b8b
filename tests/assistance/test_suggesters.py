"""What the suggesters say about texts whose answer is known, trained on the real sample."""

import numpy as np
import pytest

from assistance.learning import metrics
from assistance.learning.sdg import SdgMatcher, Target


def top_themes(trained, text, n=3) -> list[str]:
    probabilities = trained.themes.predict([text])["upr-info"][0]
    codes = trained.themes.schemes["upr-info"].theme_codes
    return [codes[i] for i in np.argsort(-probabilities)[:n]]


def category(trained, text) -> int:
    probabilities = trained.category.predict([text])[0]
    return trained.category.categories[int(probabilities.argmax())]


def test_a_recommendation_to_ratify_a_convention_is_international_instruments_and_specific_action(trained):
    text = "Ratify the Convention on the Rights of Persons with Disabilities and its Optional Protocol."
    assert top_themes(trained, text, 1) == ["international-instruments"]
    assert "disabilities" in top_themes(trained, text)
    assert category(trained, text) == 5


def test_abolishing_the_death_penalty_is_suggested_death_penalty(trained):
    assert top_themes(trained, "Abolish the death penalty and commute all death sentences.", 1) == [
        "death-penalty"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Continue its efforts to promote the rights of women.", 2),
        ("Consider ratifying the Optional Protocol to the Convention against Torture.", 3),
        ("Take measures to improve access to education for girls.", 4),
        ("Share its best practices in poverty reduction with other countries.", 1),
    ],
)
def test_the_opening_verb_decides_the_action_category(trained, text, expected):
    assert category(trained, text) == expected


def test_probabilities_rank_the_right_themes_first_and_sum_to_one_for_categories(trained):
    probabilities = trained.category.predict(["Ratify the Rome Statute."])
    assert np.allclose(probabilities.sum(axis=1), 1)
    themes = trained.themes.predict(["Investigate all cases of torture in prisons."])["upr-info"][0]
    assert ((themes >= 0) & (themes <= 1)).all()
    assert set(top_themes(trained, "Investigate all cases of torture in prisons.")) & {
        "torture-and-other-cid-treatment",
        "detention",
    }


def test_cross_validated_figures_come_with_the_training(trained):
    figures = trained.theme_figures["upr-info"]
    assert figures["examples"] > 2500 and figures["themes"] >= 40
    assert figures["micro_f1"] > 0.75 and figures["recall_at_3"] > 0.85
    assert trained.category_figures["accuracy"] > 0.8


TARGETS = [
    Target("5.3", 5, "Eliminate harmful practices, such as child marriage and female genital mutilation"),
    Target("16.9", 16, "By 2030, provide legal identity for all, including birth registration"),
    Target("4.1", 4, "Ensure that all girls and boys complete free primary and secondary education"),
    Target(
        "17.18", 17, "Enhance capacity-building support to increase the availability of high-quality data"
    ),
]
GOALS = {
    5: "Gender equality",
    16: "Peace, justice and strong institutions",
    4: "Quality education",
    17: "Partnerships",
}


def test_sdg_targets_are_found_from_the_meaning_without_any_tagged_example():
    matcher = SdgMatcher(TARGETS, GOALS).fit()
    scores = matcher.target_scores(
        [
            "Adopt legislation to prohibit FGM and child marriage",
            "Ensure that all children are registered at birth",
        ]
    )
    assert [matcher.codes[i] for i in scores.argmax(axis=1)] == ["5.3", "16.9"]
    goals, goal_scores = matcher.goal_scores(scores)
    assert goals[goal_scores[0].argmax()] == 5


def test_accepted_links_teach_the_sdg_matcher():
    text = "Set up a national human rights observatory"
    untaught = SdgMatcher(TARGETS, GOALS).fit()
    links = [(f"Establish a human rights observatory in region {i}", ["17.18"]) for i in range(10)]
    taught = SdgMatcher(TARGETS, GOALS).fit(links=links)
    assert untaught.target_scores([text])[0][untaught.codes.index("17.18")] == 0
    assert taught.codes[taught.target_scores([text])[0].argmax()] == "17.18"


def test_metrics_on_a_hand_made_case():
    truth = np.array([[1, 0, 0], [1, 1, 0], [0, 0, 1]])
    predicted = np.array([[1, 0, 0], [1, 0, 0], [0, 1, 0]])
    f1 = metrics.multilabel_f1(truth, predicted)
    assert f1["micro_f1"] == pytest.approx(2 * 2 / (2 * 2 + 1 + 2))
    assert f1["macro_f1"] == pytest.approx((1 + 0 + 0) / 3)
    scores = np.array([[0.9, 0.1, 0.0], [0.8, 0.1, 0.7], [0.1, 0.2, 0.3]])
    at_1 = metrics.precision_recall_at_k(truth, scores, 1)
    assert at_1 == {"precision_at_1": pytest.approx(1.0), "recall_at_1": pytest.approx((1 + 0.5 + 1) / 3)}
    assert metrics.multiclass_scores(np.array([1, 2, 2]), np.array([1, 2, 5]))["accuracy"] == pytest.approx(
        2 / 3
    )
