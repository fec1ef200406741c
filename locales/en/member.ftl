# Member commands (livraisons, absence, permanences, contrats, évènements, langue, notifications, moi).
