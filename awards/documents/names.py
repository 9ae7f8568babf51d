"""What the awards' documents call each award (Vietnamese, whatever the interface language: Decree 30/2020)."""

from awards.enums import AwardKind

AWARD_NAMES = {
    AwardKind.PROVINCE_FLAG: "Cờ thi đua của Ủy ban nhân dân tỉnh",
    AwardKind.PROVINCE_MERIT: "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    AwardKind.GOVERNMENT_FLAG: "Cờ thi đua của Chính phủ",
}
