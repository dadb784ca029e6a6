Feature: Backgrounds
  A background prepares every scenario of its feature; a rule's background only the scenarios of its rule.

  Background:
    Given the step "feature background" has run

  Scenario: Outside the rule
    Then the steps so far are "feature background"

  Rule: Resizing
    Background:
      Given the step "rule background" has run

    Scenario: Inside the rule
      Then the steps so far are "feature background, rule background"
