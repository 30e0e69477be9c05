"""Dispute mediation under the People's Mediation Law: committees, mediators, cases from first call
to performed agreement, the case file."""
