# Le calendrier personnel (iCal) : la commande `calendrier` et le contenu du flux.

calendar-link =
    📅 Votre calendrier Panier : vos distributions (avec ce que vous récupérez), vos permanences et les évènements de l'AMAP.
    Ajoutez ce lien dans votre agenda (« Ajouter un agenda » → « À partir d'une URL », ou « S'abonner ») :
    { $url }
    Ce lien est personnel, ne le partagez pas. S'il a circulé, tapez { $reset } pour le remplacer.
calendar-renewed = ✅ Nouveau lien créé : l'ancien ne fonctionne plus.
calendar-exists =
    📅 Vous avez déjà un lien de calendrier. Pour votre sécurité, Panier ne le garde pas en clair et ne peut pas vous le réafficher.
    Pour en obtenir un nouveau (l'ancien cessera de fonctionner), touchez le bouton ou tapez { $reset }.
calendar-button-reset = Nouveau lien
calendar-usage = Tapez { $command } pour obtenir le lien de votre calendrier, ou { $reset } pour le remplacer.

# Dans le flux iCal (texte brut).
calendar-feed-name = Panier — { $amap }
calendar-distribution = 🥕 Distribution — { $amap }
calendar-duty = Permanence — { $amap }
calendar-collect = Vous récupérez : { $items }
calendar-collect-for = Pour { $owner } : { $items }
calendar-handed = { $contract } : donné à { $to }
calendar-postponed = { $contract } : reporté
calendar-donated = { $contract } : laissé aux bénévoles
calendar-on-duty = Vous êtes de permanence ce jour-là, merci !
help-cmd-calendrier = { $cmd } — le lien de votre calendrier (distributions, permanences, évènements)
