import { useTranslations } from "next-intl";
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/role-names";
import { fieldErrorStyles, fieldStyles, hintStyles, labelStyles } from "@/components/styles";

interface FieldProps {
  /** The visible label; it is the control's accessible name. */
  label: ReactNode;
  /** A line under the control that describes it. */
  hint?: ReactNode;
  /** What is wrong with the value: shown under the control, which is then marked invalid. */
  error?: ReactNode;
  /** Classes of the wrapper, e.g. its place in a grid. */
  className?: string;
}

type TextFieldProps = FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, "className">;
type SelectFieldProps = FieldProps & Omit<SelectHTMLAttributes<HTMLSelectElement>, "className">;

/**
 * The frame every labelled field shares: label, control, hint and error. `control` gets the props
 * that tie it to them; the id is the caller's when given (e.g. to focus the control), else a fresh one.
 */
function Field({
  label,
  hint,
  error,
  className,
  id,
  control,
}: FieldProps & {
  id: string | undefined;
  control: (props: { id: string; "aria-describedby"?: string; "aria-invalid"?: true }) => ReactNode;
}) {
  const generated = useId();
  const controlId = id ?? generated;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={controlId} className={labelStyles}>
        {label}
      </label>
      {control({ id: controlId, "aria-describedby": describedBy, "aria-invalid": error ? true : undefined })}
      {hint ? (
        <p id={hintId} className={hintStyles}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className={fieldErrorStyles}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled text input (email, password, name, search, date…). */
export function TextField({ label, hint, error, className, id, ...input }: TextFieldProps) {
  return (
    <Field
      {...{ label, hint, error, className, id }}
      control={(tie) => <input className={`${fieldStyles} mt-1`} {...tie} {...input} />}
    />
  );
}

/** A labelled select; its options are the children. */
export function SelectField({ label, hint, error, className, id, ...select }: SelectFieldProps) {
  return (
    <Field
      {...{ label, hint, error, className, id }}
      control={(tie) => <select className={`${fieldStyles} mt-1`} {...tie} {...select} />}
    />
  );
}

type PresetFieldProps = Omit<TextFieldProps, "type" | "label" | "hint" | "required"> & { label?: ReactNode };

/** A required email field. */
export function EmailField({ label, ...input }: PresetFieldProps) {
  const t = useTranslations("FormField");
  return <TextField label={label ?? t("email")} type="email" required {...input} />;
}

/**
 * A required password field. `choosing`: a new password, so the password manager may suggest one
 * and the minimum length is asked for and told.
 */
export function PasswordField({
  label: givenLabel,
  choosing = false,
  ...input
}: Omit<PresetFieldProps, "autoComplete" | "minLength"> & { choosing?: boolean }) {
  const t = useTranslations("FormField");
  const label = givenLabel ?? t("password");
  return choosing ? (
    <TextField
      label={label}
      type="password"
      required
      autoComplete="new-password"
      minLength={MIN_PASSWORD_LENGTH}
      hint={t("passwordHint", { min: MIN_PASSWORD_LENGTH })}
      {...input}
    />
  ) : (
    <TextField label={label} type="password" required autoComplete="current-password" {...input} />
  );
}
