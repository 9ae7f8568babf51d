"""The blocs app has no domain errors of its own: its services raise core's.

``core.exceptions.DomainError`` (a business rule refused the write: a unit of another province, a
member who leads the bloc and cannot leave, …) and ``core.exceptions.RefusedTransition`` (a state
refused it: a closed year, a lifecycle move its status does not allow, an unmet guard of
``blocs.transitions.LIFECYCLE``) carry a translated message shown as is; a new error that needs
its own handling gets its class here.
"""
