"""Events from the annotated sentences of a document: candidates, scenes, roles, assembly and summaries.

`rasd.stages.events` is the stage; it calls `candidates` (which trigger of a clause makes an event), `scenes` (where
it happened), `roles` (who acted upon whom), `assembly` (drafts folded into events and signals) and `notes` (the
English summary). Importing the package loads none of them.
"""
