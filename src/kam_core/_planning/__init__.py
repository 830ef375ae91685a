"""The account plan and the work it gives people: plans, agendas, load, moves."""
