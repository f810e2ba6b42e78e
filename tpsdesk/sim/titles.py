"""Realistic live-class titles, deterministic for a seed.

TPStreams' customers are mostly coaching institutes and ed-tech schools, so the
demo list should read like their schedules: exam, subject, topic, format.
"""

from __future__ import annotations

import random

_TOPICS: dict[str, tuple[str, ...]] = {
    "Physics": (
        "Rotational Dynamics", "Electrostatics", "Ray Optics", "Thermodynamics",
        "Kinematics in 2D", "Current Electricity", "Modern Physics", "Waves and Sound",
        "Gravitation", "Magnetic Effects of Current", "Semiconductors",
    ),
    "Chemistry": (
        "Chemical Bonding", "Mole Concept", "Equilibrium", "Electrochemistry",
        "p-Block Elements", "Coordination Compounds", "Chemical Kinetics",
        "Thermochemistry", "Periodic Table Trends",
    ),
    "Organic Chemistry": (
        "Reaction Mechanisms", "GOC", "Aldehydes and Ketones", "Isomerism",
        "Hydrocarbons", "Amines", "Biomolecules", "Named Reactions",
    ),
    "Mathematics": (
        "Definite Integration", "Complex Numbers", "Probability", "Matrices and Determinants",
        "Conic Sections", "Limits and Continuity", "Vectors and 3D Geometry",
        "Sequences and Series", "Differential Equations", "Binomial Theorem",
    ),
    "Biology": (
        "Human Physiology", "Genetics and Evolution", "Cell Division", "Plant Kingdom",
        "Molecular Basis of Inheritance", "Ecology", "Biotechnology", "Reproduction in Plants",
    ),
    "Data Science": (
        "Pandas Deep Dive", "Linear Regression", "Feature Engineering", "SQL for Analysts",
        "Decision Trees", "Model Evaluation", "Time Series Basics",
    ),
    "English": (
        "Reading Comprehension", "Para Jumbles", "Vocabulary Builder", "Critical Reasoning",
    ),
    "Quantitative Aptitude": (
        "Time and Work", "Percentages", "Number System", "Data Interpretation",
        "Profit and Loss", "Permutations",
    ),
    "Polity": ("Fundamental Rights", "Parliament", "Constitutional Amendments", "Federalism"),
    "Economics": ("Monetary Policy", "Union Budget Analysis", "Inflation", "National Income"),
}

_EXAMS: dict[str, tuple[str, ...]] = {
    "Physics": ("JEE", "NEET", "Class 12", "Class 11", "JEE Advanced"),
    "Chemistry": ("JEE", "NEET", "Class 12", "Class 11"),
    "Organic Chemistry": ("JEE", "NEET", "Class 12"),
    "Mathematics": ("JEE", "JEE Advanced", "Class 12", "Class 10", "CBSE Boards"),
    "Biology": ("NEET", "Class 12", "Class 11"),
    "Data Science": ("Bootcamp", "Cohort 7", "Weekend Batch"),
    "English": ("CAT", "Banking", "IELTS"),
    "Quantitative Aptitude": ("CAT", "SSC CGL", "Banking"),
    "Polity": ("UPSC", "State PSC"),
    "Economics": ("UPSC", "Class 12"),
}

_FORMATS: tuple[str, ...] = (
    "Live Doubt Session", "Live Class", "Revision Marathon", "Problem Solving",
    "Mock Test Discussion", "Crash Course", "PYQ Practice", "Masterclass",
    "Concept Builder", "One Shot",
)

_TEACHERS: tuple[str, ...] = (
    "Anita Rao", "Rahul Mehta", "Priya Iyer", "Vikram Singh", "Sneha Kulkarni",
    "Arjun Nair", "Farah Khan", "Deepak Joshi",
)


class TitleGenerator:
    """Draws titles from its own RNG so titles never shift other seeded values."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(f"titles-{seed}")
        self._subjects = sorted(_TOPICS)

    def next(self) -> str:
        rng = self._rng
        subject = rng.choice(self._subjects)
        topic = rng.choice(_TOPICS[subject])
        exam = rng.choice(_EXAMS[subject])
        fmt = rng.choice(_FORMATS)
        pattern = rng.randrange(7)
        if pattern == 0:
            return f"{subject} — {fmt}"
        if pattern == 1:
            return f"{exam} {subject}: {topic}"
        if pattern == 2:
            return f"{topic} | {exam} {fmt}"
        if pattern == 3:
            return f"{subject} {fmt}: {topic} (Lecture {rng.randint(1, 48)})"
        if pattern == 4:
            return f"{exam} {fmt} — {topic} with {rng.choice(_TEACHERS)}"
        if pattern == 5:
            return f"Day {rng.randint(1, 90)}: {topic}"
        return f"{exam} {subject} — {topic} {fmt}"

    def many(self, count: int) -> list[str]:
        return [self.next() for _ in range(count)]
