"""Legal publicity (普法宣传圈): the statute library, question search, curated answers, consultations,
the topic menu with orders and lectures, legal needs, the law-practice base and its figures.

Entry points for the rest of the project:

- ``services.ensure_statutes_loaded()`` — load the bundled laws and the default topic menu (idempotent;
  for ``baimi demo`` and first start).
- ``retrieval.search_articles(question)`` / ``retrieval.answer_question(question, community=...)``.
- ``baimi import_statutes [FILE ...]`` and ``baimi ask [--json] "问题"``.
- ``LegalConsultation`` and ``LegalNeed`` stand in for helpdesk requests until the helpdesk app
  exists; a need routed to mediation is only marked so until the mediation app exists.
"""
