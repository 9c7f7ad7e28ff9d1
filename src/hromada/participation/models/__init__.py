from hromada.participation.models.budget import (
    Ballot,
    BallotChannel,
    BallotChoice,
    BallotLogEntry,
    Category,
    CostItem,
    Edition,
    Milestone,
    Phase,
    Project,
    ProjectPhoto,
    ProjectStatus,
    TallyMethod,
    TieRule,
)
from hromada.participation.models.petitions import (
    GENESIS_HASH,
    Addressee,
    Petition,
    PetitionStatus,
    PetitionThreshold,
    Position,
    Signature,
)

__all__ = [
    "GENESIS_HASH", "Addressee", "Ballot", "BallotChannel", "BallotChoice", "BallotLogEntry", "Category",
    "CostItem", "Edition", "Milestone", "Petition", "PetitionStatus", "PetitionThreshold", "Phase", "Position",
    "Project", "ProjectPhoto", "ProjectStatus", "Signature", "TallyMethod", "TieRule",
]
