"""IT service requests: report, triage, assign, work and parts, close — with a service term per priority."""
