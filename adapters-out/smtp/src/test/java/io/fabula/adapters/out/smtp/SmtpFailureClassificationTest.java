package io.fabula.adapters.out.smtp;

import io.fabula.domain.failure.FailureKind;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reply codes GreenMail cannot be made to send (4xx deferrals, 550 user unknown), classified from the exceptions
 * Angus Mail throws for them. The real-server cases are in {@link SmtpMailerIT}.
 */
class SmtpFailureClassificationTest {

    static Stream<Arguments> failures() throws Exception {
        InternetAddress writer = new InternetAddress("writer@example.com");
        SMTPAddressFailedException userUnknown = new SMTPAddressFailedException(writer, "RCPT TO:<writer@example.com>",
                550, "550 5.1.1 user unknown");
        SMTPAddressFailedException mailboxBusy = new SMTPAddressFailedException(writer, "RCPT TO:<writer@example.com>",
                450, "450 4.2.1 mailbox busy, try later");
        return Stream.of(
                Arguments.of("550 user unknown, nested in the send failure", sendFailed(userUnknown, 550), FailureKind.VALIDATION),
                Arguments.of("450 mailbox busy, nested in the send failure", sendFailed(mailboxBusy, 450), FailureKind.TRANSIENT),
                Arguments.of("552 message too large after DATA",
                        new SMTPSendFailedException("DATA", 552, "552 5.3.4 message too big", null, null, null, null),
                        FailureKind.VALIDATION),
                Arguments.of("451 local error after DATA",
                        new SMTPSendFailedException("DATA", 451, "451 local error in processing", null, null, null, null),
                        FailureKind.TRANSIENT),
                Arguments.of("421 service shutting down at MAIL FROM",
                        new SMTPSenderFailedException(writer, "MAIL FROM", 421, "421 shutting down"), FailureKind.TRANSIENT),
                Arguments.of("553 sender refused at MAIL FROM",
                        new SMTPSenderFailedException(writer, "MAIL FROM", 553, "553 sender not allowed"), FailureKind.VALIDATION),
                Arguments.of("535 credentials refused", new AuthenticationFailedException("535 5.7.8 bad credentials"),
                        FailureKind.TRANSIENT),
                Arguments.of("connection refused", new MessagingException("Couldn't connect to host",
                        new ConnectException("Connection refused")), FailureKind.TRANSIENT),
                Arguments.of("read timeout", new MessagingException("Exception reading response",
                        new SocketTimeoutException("Read timed out")), FailureKind.TRANSIENT));
    }

    private static SendFailedException sendFailed(SMTPAddressFailedException address, int code) {
        return new SMTPSendFailedException("RCPT", code, address.getMessage(), address, new Address[0], new Address[0],
                new Address[] {address.getAddress()});
    }

    @ParameterizedTest(name = "{0} is {2}")
    @MethodSource("failures")
    void classifies_by_the_smtp_reply_code_where_there_is_one_and_as_transient_where_there_is_none(
            String what, MessagingException failure, FailureKind expected) {
        assertThat(SmtpMailer.classify(failure).kind()).isEqualTo(expected);
    }
}
