# Member commands (livraisons, absence, permanences, contrats, évènements, langue, notifications, moi).
#
# Conventions : voir panier.ftl. Les arguments $date, $to, $from, $last, $target, $closes sont
# des dates en toutes lettres (« mardi 11 mai ») ; $prefix est « / » ou « ! » selon la messagerie.

## Livraisons

deliveries-title =
    { $n ->
        [one] Votre prochaine distribution :
       *[other] Vos { $n } prochaines distributions :
    }
deliveries-collect = 🥕 { $items }
deliveries-postponed-item = 🥕 { $items } (reporté du { $from })
deliveries-collect-for = 🤝 Pour { $owner } : { $items }
deliveries-on-duty = Vous êtes de permanence ce jour-là, merci !
deliveries-none = Vous n'avez aucune livraison prévue pour le moment.
deliveries-button-contracts = Mes contrats
deliveries-button-shifts = Permanences

## Confirmer un retrait

confirm-done =
    { $n ->
        [one] ✅ Merci ! C'est noté : vous avez récupéré votre panier du **{ $date }**.
       *[other] ✅ Merci ! C'est noté : vous avez récupéré vos { $n } paniers du **{ $date }**.
    }
confirm-nothing-recent = Vous n'avez pas de panier à confirmer cette semaine. Vous pourrez le faire le jour de votre prochaine distribution.
confirm-nothing-that-day = Vous n'aviez pas de panier à récupérer le { $date }.
confirm-too-early = Le { $date } n'est pas encore arrivé : vous pourrez confirmer le jour de la distribution.
confirm-too-late = Le { $date }, c'était il y a plus d'une semaine : je ne peux plus enregistrer votre retrait. Si besoin, voyez avec votre référent·e.

## Absence

absence-ask-date = 📅 Pour quelle distribution serez-vous absent·e ?
absence-no-dates = Vous n'avez pas de livraison à venir pour laquelle déclarer une absence.
absence-declared-title = Déjà prévu :
absence-declared-line = { $date } — { $what }
absence-declared-cancel-hint = Pour revenir sur une absence, écrivez par exemple { $prefix }absence annuler { $example }.
absence-nothing-that-day = Vous n'avez pas de panier à récupérer le { $date }.
absence-nothing-that-day-pick = Vous n'avez pas de panier à récupérer le { $date }. Choisissez une de vos dates :
absence-already-declared = Vous avez déjà déclaré une absence le { $date } ({ $contracts }). Vous pouvez l'annuler tant que la date limite n'est pas passée.
absence-deadline-passed = ⚠️ Il est trop tard pour changer votre panier { $contract } du { $date } : le contrat le permettait jusqu'au { $last } inclus.
absence-deadline-handover-only = ⚠️ Le délai pour reporter ou laisser ce panier est passé (c'était possible jusqu'au { $last } inclus), mais vous pouvez encore le faire récupérer par quelqu'un.
absence-started = ⚠️ La distribution du { $date } a déjà commencé : il est trop tard pour changer votre panier.
absence-referents = Prévenez votre référent·e : { $names } ({ $contract }).
absence-referents-unknown = Prévenez les administrateur·ices de votre AMAP.
absence-ask-mode = Votre panier du **{ $date }** ({ $contracts }) : que voulez-vous en faire ?
absence-left =
    { $left ->
        [0] Vous avez utilisé toutes vos absences du contrat { $contract } ({ $max } par saison).
        [one] Il vous reste { $left } absence sur { $max } pour le contrat { $contract }.
       *[other] Il vous reste { $left } absences sur { $max } pour le contrat { $contract }.
    }
absence-handover-free = Le faire récupérer par quelqu'un ne compte pas comme une absence.
absence-button-postpone = Le reporter à la livraison suivante
absence-button-handover = Le faire récupérer par quelqu'un
absence-button-donate = Le laisser aux bénévoles
absence-button-cancel = Annuler cette absence
absence-not-allowed-postpone = Le contrat { $contract } ne permet pas de reporter un panier.
absence-not-allowed-handover = Le contrat { $contract } ne permet pas de faire récupérer son panier par quelqu'un d'autre.
absence-not-allowed-donate = Le contrat { $contract } ne permet pas de laisser son panier aux bénévoles.
absence-none-left = Vous avez déjà utilisé les { $max } absences prévues par le contrat { $contract } pour la saison.
absence-no-mode = Le contrat { $contract } ne prévoit pas d'absence.
absence-other-modes = Vous pouvez en revanche :
absence-postpone-bad-target = Je ne peux pas reporter votre panier au { $target } : ce n'est pas une livraison à venir de ce contrat. Sans date, il est reporté à la livraison suivante.
absence-done-title = ✅ C'est noté pour le **{ $date }** :
absence-done-postponed = { $contract } : panier reporté au **{ $to }** (vous aurez un double panier ce jour-là).
absence-done-donated = { $contract } : panier laissé aux bénévoles.
absence-done-left =
    { $left ->
        [0] C'était votre dernière absence sur ce contrat.
        [one] Il vous reste { $left } absence.
       *[other] Il vous reste { $left } absences.
    }
absence-also-collecting = ⚠️ Ce jour-là, vous deviez aussi récupérer le panier de { $owners } : pensez à le lui dire.
absence-cancel-none = Vous n'avez aucune absence déclarée à venir.
absence-cancel-ask = Quelle absence voulez-vous annuler ?
absence-cancel-nothing = Vous n'avez pas déclaré d'absence le { $date }.
absence-cancel-done = ✅ C'est noté : votre absence du **{ $date }** est annulée ({ $contracts }). Vous récupérerez votre panier comme prévu.

## Faire récupérer son panier

handover-ask-date = 📅 Pour quelle distribution voulez-vous faire récupérer votre panier par quelqu'un ?
handover-ask-name = Qui va récupérer votre panier du **{ $date }** ? Écrivez son prénom ou son nom. Si la personne n'est pas membre de l'AMAP, écrivez « invité » puis son nom, par exemple « invité Marie Dupont ».
handover-name-too-long = Ce nom est trop long. Écrivez seulement le prénom ou le nom de la personne.
handover-name-too-short = Écrivez au moins deux lettres du prénom ou du nom de la personne.
handover-nobody = Je ne trouve personne qui s'appelle « { $name } » dans votre AMAP. Vérifiez l'orthographe et écrivez à nouveau son nom. Si la personne n'est pas membre, écrivez « invité » puis son nom.
handover-too-many = { $n } personnes correspondent à « { $name } ». Écrivez aussi le nom de famille.
handover-pick =
    { $n ->
        [one] Est-ce bien cette personne qui récupérera votre panier du { $date } ? Touchez son nom pour confirmer, ou écrivez un autre nom.
       *[other] Qui récupérera votre panier du { $date } ? Choisissez la personne, ou écrivez un autre nom.
    }
handover-button-guest = { $name } (hors AMAP)
handover-ask-guest = Écrivez « invité » suivi du nom de la personne, par exemple « invité Marie Dupont ».
handover-guest-invalid = Ce nom ne convient pas. Écrivez « invité » suivi du prénom et du nom de la personne, par exemple « invité Marie Dupont ».
handover-done = ✅ C'est noté : **{ $to }** récupérera votre panier du **{ $date }** ({ $contracts }).
handover-done-member-hint = { $to } verra votre panier dans ses prochaines livraisons. Cela ne compte pas dans vos absences.
handover-done-guest-hint = Demandez-lui de donner votre nom à l'équipe de permanence. Cela ne compte pas dans vos absences.

## Permanences

shifts-usage = Pour vous inscrire à une permanence, écrivez par exemple { $prefix }permanences inscrire 18/05 ; pour vous retirer, { $prefix }permanences retirer 18/05. Tapez { $prefix }permanences pour voir les dates.
shifts-title = Les permanences des prochaines distributions :
shifts-title-amap = Les permanences de { $amap } :
shifts-none = Aucune distribution n'est prévue pour le moment.
shifts-full = 📅 **{ $date }** — complet, merci !
shifts-open =
    { $left ->
        [one] 📅 **{ $date }** — ⚠️ il manque { $left } personne sur { $slots }
       *[other] 📅 **{ $date }** — ⚠️ il manque { $left } personnes sur { $slots }
    }
shifts-team = Équipe : { $names }
shifts-team-you = { $name } (vous)
shifts-team-empty = Aucune inscription pour l'instant.
shifts-button-sign-up = M'inscrire le { $date }
shifts-button-withdraw = Me retirer le { $date }
shifts-button-rota = Voir les permanences
shifts-ask-sign-up = À quelle permanence voulez-vous vous inscrire ?
shifts-nothing-open = Les prochaines permanences sont complètes, ou vous y êtes déjà inscrit·e. Merci !
shifts-ask-withdraw = De quelle permanence voulez-vous vous retirer ?
shifts-not-in-any = Vous n'êtes inscrit·e à aucune des prochaines permanences.
shifts-signed-up = ✅ Merci ! Vous êtes inscrit·e à la permanence du **{ $date }**.
shifts-signed-up-left =
    { $left ->
        [0] L'équipe est maintenant complète.
        [one] Il manque encore { $left } personne.
       *[other] Il manque encore { $left } personnes.
    }
shifts-full-others = La permanence du { $date } est déjà complète, merci ! Il manque encore du monde à ces dates :
shifts-full-no-other = La permanence du { $date } est déjà complète, et les suivantes aussi. Merci !
shifts-already-in = Vous êtes déjà inscrit·e à la permanence du { $date }. Merci !
shifts-no-distribution = Il n'y a pas de distribution le { $date }.
shifts-withdrawn = C'est noté : vous n'êtes plus inscrit·e à la permanence du **{ $date }**.
shifts-withdrawn-late = ⚠️ La distribution a lieu dans moins de 48 heures : l'équipe est prévenue pour trouver quelqu'un d'autre.
shifts-not-in = Vous n'êtes pas inscrit·e à la permanence du { $date }.
shifts-started = La distribution du { $date } a déjà commencé : il est trop tard pour changer l'équipe. Prévenez les personnes sur place.

## Contrats

contracts-title = Vos contrats :
contracts-none = Aucun contrat n'est proposé dans votre AMAP pour le moment.
contracts-name = **{ $name }** — { $farm }
contracts-status = { $contract } · { $subscription }
contracts-state-draft = En préparation
contracts-state-open = Inscriptions ouvertes
contracts-state-closed = Inscriptions closes
contracts-state-running = En cours
contracts-state-ended = Terminé
contracts-state-archived = Archivé
contracts-sub-none = vous n'êtes pas inscrit·e
contracts-sub-draft = votre inscription n'est pas encore signée
contracts-sub-member-signed = signé par vous, en attente de la signature de la ferme
contracts-sub-countersigned = signé par vous et par la ferme
contracts-sub-cancelled = inscription annulée
contracts-on-paper = (contrat papier)
contracts-total =
    { $n ->
        [0] Total : { $total }
        [one] Total : { $total }, en 1 chèque :
       *[other] Total : { $total }, en { $n } chèques :
    }
contracts-no-cheques = Règlement : voyez avec votre référent·e.
contracts-cheque = • Chèque { $number } : { $amount }, encaissement en { $month } — { $state }
contracts-cheque-to-provide = à remettre
contracts-cheque-received = remis à votre référent·e
contracts-cheque-handed = transmis à la ferme
contracts-cheque-unknown = état inconnu
contracts-button-sign = Contrats à signer

## Signer

sign-title =
    { $n ->
        [one] Ce contrat est ouvert aux inscriptions et vous ne l'avez pas encore signé :
       *[other] Ces contrats sont ouverts aux inscriptions et vous ne les avez pas encore signés :
    }
sign-contract = • **{ $name }** — { $farm }, inscriptions jusqu'au { $closes }
sign-referents =
    { $n ->
        [one] Référent·e : { $names }
       *[other] Référent·es : { $names }
    }
sign-nothing = Vous n'avez aucun contrat à signer pour le moment.
sign-unknown = Je ne trouve pas de contrat à signer qui corresponde à « { $name } ».
sign-button-contracts = Voir mes contrats

## Évènements

events-usage = Pour répondre à une invitation, touchez un des boutons sous l'évènement. Tapez { $prefix }evenements pour voir la liste.
events-none = Aucun évènement n'est prévu pour le moment.
events-title = **{ $title }**
events-when = 📅 **{ $date }**, { $time }
events-where = 📍 { $place }
events-body = { $body }
events-answer-yes = Votre réponse : vous venez.
events-answer-no = Votre réponse : vous ne venez pas.
events-answer-maybe = Votre réponse : peut-être.
events-answer-none = Vous n'avez pas encore répondu.
events-coming =
    { $n ->
        [0] Personne n'a encore confirmé sa venue.
        [one] { $n } personne vient.
       *[other] { $n } personnes viennent.
    }
events-button-yes = Je viens
events-button-no = Je ne viens pas
events-button-maybe = Peut-être
events-button-list = Voir les évènements
events-more =
    { $n ->
        [one] Et { $n } autre évènement plus tard.
       *[other] Et { $n } autres évènements plus tard.
    }
events-done-yes = ✅ C'est noté : vous venez à « { $title } », le { $date } à { $time }. À bientôt !
events-done-no = C'est noté : vous ne venez pas à « { $title } ». Merci d'avoir prévenu !
events-done-maybe = C'est noté : peut-être pour « { $title } ». Vous pourrez confirmer plus tard.

## Langue

language-ask = Dans quelle langue voulez-vous que je vous réponde ? / Which language should I use?
language-unknown = Je ne parle pas encore « { $input } ». Choisissez une langue :
language-done = ✅ C'est noté, je vous réponds désormais en français.
language-unlinked = D'accord, je vous réponds en français. Pour que je m'en souvienne, liez d'abord votre compte : { $prefix }lier CODE.

## Notifications

notifications-title = Vos rappels (touchez un bouton pour en couper ou en réactiver un) :
notifications-line-on = • { $kind } : activé
notifications-line-off = • { $kind } : **coupé**
notifications-kind-distribution = Rappel la veille de chaque distribution
notifications-kind-duty = Rappel avant vos permanences
notifications-kind-alert = Alertes quand il manque des bénévoles
notifications-kind-signature = Demandes de signature de contrat
notifications-kind-event = Rappels des évènements de l'AMAP
notifications-kind-totals = Totaux de commande (paysan·nes et référent·es)
notifications-kind-announcement = Annonces du réseau
notifications-short-distribution = distributions
notifications-short-duty = permanences
notifications-short-alert = alertes bénévoles
notifications-short-signature = signatures
notifications-short-event = évènements
notifications-short-totals = totaux
notifications-short-announcement = annonces
notifications-button-off = Couper : { $kind }
notifications-button-on = Réactiver : { $kind }
notifications-button-list = Tous mes rappels
notifications-state-on = { $kind } : activé.
notifications-state-off = { $kind } : coupé.
notifications-done-on = ✅ C'est noté. { $kind } : activé.
notifications-done-off = ✅ C'est noté. { $kind } : coupé. Vous pouvez le réactiver à tout moment.
notifications-usage = Je n'ai pas compris. Écrivez par exemple { $prefix }notifications distribution non, ou tapez { $prefix }notifications pour voir vos rappels.

## Moi

me-name = **{ $name }**
me-email = E-mail : { $email }
me-phone = Téléphone : { $phone }
me-phone-none = Téléphone : non renseigné
me-amaps = AMAP : { $names }
me-roles = Rôles : { $roles }
me-role-member = amapien·ne ({ $of })
me-role-member-here = amapien·ne
me-role-admin = administrateur·ice ({ $of })
me-role-admin-here = administrateur·ice
me-role-referent = référent·e { $of }
me-role-farmer = paysan·ne ({ $of })
me-role-network-admin = administrateur·ice du réseau ({ $of })
me-accounts = Comptes liés : { $accounts }
me-account-this = { $transport } (celui-ci)
me-language = Langue : { $language }
me-language-default = Langue : { $language } (par défaut)
me-language-fr = français
me-language-en = anglais
me-fix-contact = Pour corriger ces informations ou demander leur effacement, écrivez aux administrateur·ices de votre AMAP : { $email }.
me-fix = Pour corriger ces informations ou demander leur effacement, écrivez aux administrateur·ices de votre AMAP.
me-button-language = Changer de langue
me-button-notifications = Mes rappels
