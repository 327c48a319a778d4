package io.relationshippolicy.relationship;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The request email reads the same in each edition's language, its link paragraph last and not editable (C4). */
class RequestEmailTest {

    private static final String LINK = "http://localhost:8080/relationship-requests/accept?p=P-CONTOSO&s=abc";

    @Test
    void english() {
        LinkAnswer.Email email = RequestEmail.of("Contoso", LINK, Locale.ENGLISH);
        assertEquals(List.of(
                "Hello, Contoso would like to work with you as your cloud solution partner.",
                "By accepting, you give Contoso delegated admin privileges for the services you choose; you can remove them at any time from your admin portal.",
                "To accept, open this link and sign in with an administrator account: " + LINK), email.paragraphs());
        assertEquals(List.of(0, 1), email.editableParagraphs());
    }

    @Test
    void brazilianPortuguese() {
        assertEquals(List.of(
                "Olá, a Contoso gostaria de trabalhar com você como seu parceiro de soluções na nuvem.",
                "Ao aceitar, você concede à Contoso privilégios de administrador delegado para os serviços que escolher; você pode removê-los a qualquer momento no seu portal de administração.",
                "Para aceitar, clique neste link e entre usando uma conta de administrador: " + LINK),
                RequestEmail.of("Contoso", LINK, Locale.forLanguageTag("pt-BR")).paragraphs());
    }

    @Test
    void frenchKeepsItsApostrophes() {
        assertEquals(List.of(
                "Bonjour, Contoso souhaite travailler avec vous en tant que partenaire de solutions cloud.",
                "En acceptant, vous accordez à Contoso des privilèges d'administration délégués pour les services de votre choix ; vous pouvez les supprimer à tout moment depuis votre portail d'administration.",
                "Pour accepter, cliquez sur ce lien et connectez-vous avec un compte d'administrateur : " + LINK),
                RequestEmail.of("Contoso", LINK, Locale.FRENCH).paragraphs());
    }

    @Test
    void aPartnerNameWithBracesOrQuotesIsTakenLiterally() {
        String name = "O'Brien {0} & Co";
        assertEquals("Hello, " + name + " would like to work with you as your cloud solution partner.",
                RequestEmail.of(name, LINK, Locale.GERMAN).paragraphs().get(0));
    }
}
